package dev.blip.reliability.support;

import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Episode;
import dev.blip.core.score.WindowScore;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
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

    public static List<EpisodeRecord> decodeEpisodes(List<ConsumerRecord<byte[], byte[]>> records) {
        List<EpisodeRecord> out = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(ScoreRecordEncoder.decodeEpisode(r.value()));
        }
        return out;
    }

    public static long bucket(ScoreRecord r) {
        return Instant.parse(r.bucketStart()).toEpochMilli();
    }

    /** "episodeId/state" of every episode record the offline detector reports (opening and closing). */
    public static Set<String> expectedEpisodes(Map<String, Map<Long, BucketVerdict>> expected) {
        Set<String> out = new TreeSet<>();
        expected.values().forEach(verdicts -> verdicts.values().forEach(v -> {
            if (v.episode() != null) {
                out.add(id(v.episode()));
            }
        }));
        return out;
    }

    static String id(Episode e) {
        return e.id() + "/" + (e.open() ? EpisodeRecord.OPEN : EpisodeRecord.CLOSED);
    }

    static String id(EpisodeRecord r) {
        return r.episodeId() + "/" + r.state();
    }

    public static int expectedWindows(Map<String, Map<Long, BucketVerdict>> expected) {
        return expected.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * Relative tolerance for scores. The stream batches the windows that close together in one
     * punctuation, the offline path batches a whole series; float32 matrix products round
     * differently for different batch shapes (with one window per call on both sides the scores
     * are bit-identical). Observed here: up to ~1.4e-6 relative on scores, whose calibration
     * curve amplifies the raw error's ~1e-7. 1e-5 is far below any score difference that
     * matters; verdicts, reasons, episodes and actual counts are compared exactly.
     */
    public static final double TOLERANCE = 1e-5;

    /**
     * Every bucket the offline path scores was streamed exactly once (none lost, none duplicated,
     * nothing extra) with the same raw error, signals, combined score and expected counts (to
     * float32 rounding, {@link #TOLERANCE}), the same verdict, reasons, range signal and actual
     * counts (exactly), by the given model version. Records of flush keys are ignored.
     *
     * @return the largest relative deviation of a score from the offline path
     */
    public static double assertScoresIdentical(Map<String, Map<Long, BucketVerdict>> expected, List<ScoreRecord> streamed,
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
            BucketVerdict v = expected.getOrDefault(r.key(), Map.of()).get(bucket(r));
            if (v == null) {
                unexpected.add(id);
                continue;
            }
            WindowScore o = v.score();
            assertClose(r.rawError(), o.rawScore(), 1e-3, "raw error of " + id);
            // scores live in [0, 1]: near 0 an absolute difference is what matters
            assertClose(r.anomalyScore(), v.anomalyScore(), 1.0, "anomaly score of " + id);
            assertClose(r.likelihood(), v.likelihood(), 1.0, "likelihood of " + id);
            assertClose(r.instantaneous(), v.instantaneous(), 1.0, "instantaneous signal of " + id);
            // counts: relative to at least one event (an expected count near zero is a difference of large numbers)
            assertClose(r.expected().values().iterator().next(), o.lastExpected()[0], 1.0, "expected count of " + id);
            assertThat(r.isAnomaly()).as("verdict of %s", id).isEqualTo(v.anomaly());
            assertThat(r.reasons()).as("reasons of %s", id).isEqualTo(v.reasons());
            assertThat(r.range()).as("range signal of %s", id).isEqualTo(v.range());
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

    /**
     * The anomalies topic holds exactly the offline detector's episode reports, each once (an open
     * and, once it ended, a closed record per episode), with the same timing, size, peak and reasons.
     */
    public static void assertEpisodesIdentical(Map<String, Map<Long, BucketVerdict>> expected, List<EpisodeRecord> records) {
        List<EpisodeRecord> mine = records.stream().filter(r -> !Workload.isFlushKey(r.key())).toList();
        List<String> ids = mine.stream().map(Outputs::id).toList();
        assertThat(ids).as("no episode record duplicated").doesNotHaveDuplicates();
        assertThat(new TreeSet<>(ids)).as("episode records equal the offline detect result").isEqualTo(expectedEpisodes(expected));
        Map<String, Episode> byId = new HashMap<>();
        expected.values().forEach(verdicts -> verdicts.values().stream().filter(v -> v.episode() != null)
                .forEach(v -> byId.put(id(v.episode()), v.episode())));
        for (EpisodeRecord r : mine) {
            Episode e = byId.get(id(r));
            String what = id(r);
            assertThat(r.startedAt()).as("start of %s", what).isEqualTo(Instant.ofEpochMilli(e.startBucket()).toString());
            assertThat(r.anomalousBuckets()).as("anomalous buckets of %s", what).isEqualTo(e.anomalousBuckets());
            assertThat(r.peakAt()).as("peak of %s", what).isEqualTo(Instant.ofEpochMilli(e.peakBucket()).toString());
            assertThat(r.reasons()).as("reasons of %s", what).isEqualTo(e.reasons());
            assertThat(r.actual().values().iterator().next()).as("actual at the peak of %s", what).isEqualTo(e.peakActual()[0]);
            assertClose(r.peakScore(), e.peakScore(), 1.0, "peak score of " + what);
            if (!e.open()) {
                assertThat(r.closedBy()).as("%s closed by", what).isEqualTo(EpisodeRecord.CLOSED_QUIET);
            }
        }
    }
}
