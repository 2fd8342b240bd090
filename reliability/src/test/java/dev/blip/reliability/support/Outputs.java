package dev.blip.reliability.support;

import dev.blip.core.score.WindowScore;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares what the scorer wrote with the offline core path, record by record. */
public final class Outputs {

    private Outputs() {
    }

    public static List<ScoreRecord> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ScoreRecord> out = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(ScoreRecordEncoder.decode(r.value()));
        }
        return out;
    }

    public static long bucket(ScoreRecord r) {
        return Instant.parse(r.bucketStart()).toEpochMilli();
    }

    /** "key@bucketStart" of every expected anomaly. */
    public static Set<String> expectedAnomalies(Map<String, Map<Long, WindowScore>> expected) {
        Set<String> out = new TreeSet<>();
        expected.forEach((key, scores) -> scores.forEach((b, s) -> {
            if (s.anomaly()) {
                out.add(key + "@" + b);
            }
        }));
        return out;
    }

    public static int expectedWindows(Map<String, Map<Long, WindowScore>> expected) {
        return expected.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * Relative tolerance for scores. The stream batches the windows that close together in one
     * punctuation, the offline path batches a whole series; DL4J's float32 matrix products round
     * differently for different batch shapes (with one window per call on both sides the scores
     * are bit-identical). Observed here: up to ~1.4e-6 relative on anomaly scores, whose
     * calibration curve amplifies the raw error's ~1e-7. 1e-5 is far below any score difference
     * that matters; verdicts and actual counts are compared exactly.
     */
    public static final double TOLERANCE = 1e-5;

    /**
     * Every window the offline path scores was streamed exactly once (none lost, none duplicated,
     * nothing extra) with the same raw error, anomaly score and expected counts (to float32
     * rounding, {@link #TOLERANCE}), the same verdict and actual counts (exactly), by the given
     * model version. Records of flush keys are ignored.
     *
     * @return the largest relative deviation of a score from the offline path
     */
    public static double assertScoresIdentical(Map<String, Map<Long, WindowScore>> expected, List<ScoreRecord> streamed,
                                             String modelVersion) {
        maxDeviation = 0;
        Map<String, ScoreRecord> seen = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (ScoreRecord r : streamed) {
            if (Workload.isFlushKey(r.key())) {
                continue;
            }
            String id = r.key() + "@" + bucket(r);
            if (seen.put(id, r) != null) {
                duplicates.add(id);
            }
            WindowScore o = expected.getOrDefault(r.key(), Map.of()).get(bucket(r));
            if (o == null) {
                unexpected.add(id);
                continue;
            }
            assertClose(r.rawError(), o.rawScore(), 1e-3, "raw error of " + id);
            // anomaly scores live in [0, 1]: near 0 an absolute difference is what matters
            assertClose(r.anomalyScore(), o.anomalyScore(), 1.0, "anomaly score of " + id);
            // counts: relative to at least one event (an expected count near zero is a difference of large numbers)
            assertClose(r.expected().values().iterator().next(), o.lastExpected()[0], 1.0, "expected count of " + id);
            assertThat(r.isAnomaly()).as("verdict of %s", id).isEqualTo(o.anomaly());
            assertThat(r.actual().values().iterator().next()).as("actual count of %s", id).isEqualTo(o.lastActual()[0]);
            assertThat(r.windowStart()).as("window start of %s", id).isEqualTo(Instant.ofEpochMilli(o.firstBucketStart()).toString());
            assertThat(r.modelVersion()).as("model version of %s", id).isEqualTo(modelVersion);
        }
        assertThat(duplicates).as("windows written more than once").isEmpty();
        assertThat(unexpected).as("windows the offline path does not score").isEmpty();
        assertThat(seen).as("every offline window streamed").hasSize(expectedWindows(expected));
        return maxDeviation;
    }

    private static double maxDeviation;

    private static void assertClose(double actual, double expected, double floor, String what) {
        double scale = Math.max(floor, Math.abs(expected));
        maxDeviation = Math.max(maxDeviation, Math.abs(actual - expected) / scale);
        assertThat(Math.abs(actual - expected) / scale).as("%s: streamed %s, offline %s", what, actual, expected)
                .isLessThanOrEqualTo(TOLERANCE);
    }

    /** The anomalies topic holds exactly the offline anomalies, each once. */
    public static void assertAnomaliesIdentical(Map<String, Map<Long, WindowScore>> expected, List<ScoreRecord> anomalies) {
        List<String> ids = anomalies.stream().filter(r -> !Workload.isFlushKey(r.key())).map(r -> r.key() + "@" + bucket(r)).toList();
        assertThat(ids).as("no anomaly duplicated").doesNotHaveDuplicates();
        assertThat(new TreeSet<>(ids)).as("anomalies equal the offline detect result").isEqualTo(expectedAnomalies(expected));
        assertThat(anomalies).allSatisfy(r -> assertThat(r.isAnomaly()).isTrue());
    }
}
