package dev.blip.scorer.topology;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.event.Event;
import dev.blip.core.score.WindowScore;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.score.Calibration;
import dev.blip.core.testkit.ScoreBounds;
import dev.blip.core.testkit.TestBundles;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scorer's scores for a series equal the offline path's ({@code assembler().windows(series)}
 * then {@code newScorer().score(...)}, which is what the trainer's {@code detect} runs), in both
 * input modes.
 */
class ParityTest {

    static final long START = 1_700_006_400_000L;
    static final int BUCKETS = 140;

    static SyntheticTraffic.Result traffic() {
        return new SyntheticTraffic(1, BUCKETS, BucketInterval.parse("5m"), START, 8, 40, 48, 3, 40, 11L).generate();
    }

    @Test
    void eventsModeScoresEqualTheOfflinePath() {
        ModelBundle bundle = TestBundles.small();
        SyntheticTraffic.Result traffic = traffic();
        CountSeries series = traffic.series().get(0);
        assertThat(series.values()[0][0]).as("the key must be seen in its first bucket").isPositive();
        try (Harness h = new Harness(bundle, Map.of("BLIP_WALL_CLOCK_CLOSE", "false"), Instant.parse("2026-01-01T00:00:00Z"))) {
            for (Event e : traffic.events(3L)) {
                h.event(e.key(), e.timestampMillis());
            }
            flush(h, series);
            // Silent buckets make stream time jump, so some punctuations close two buckets at once and
            // batch two windows: compare exactly only where composition matches (counts mode below).
            assertParity(bundle, series, h.readScores(), false);
            assertThat(h.counter("blip.events.consumed")).isEqualTo(series.sum(0) + 1);
        }
    }

    @Test
    void countsModeScoresEqualTheOfflinePath() {
        ModelBundle bundle = TestBundles.small();
        CountSeries series = traffic().series().get(0);
        try (Harness h = new Harness(bundle, Map.of("BLIP_WALL_CLOCK_CLOSE", "false", "BLIP_INPUT_MODE", "counts",
                "BLIP_TIME_FIELD", "ts"), Instant.parse("2026-01-01T00:00:00Z"))) {
            for (int t = 0; t < series.length(); t++) {
                long ts = series.bucketStart(t) + 1000;
                // two records per bucket: counts add up
                double v = series.values()[t][0];
                h.raw(series.key(), "{\"ts\":" + ts + ",\"value\":" + Math.floor(v / 2) + "}", ts);
                h.raw(series.key(), "{\"ts\":" + (ts + 1) + ",\"value\":[" + (v - Math.floor(v / 2)) + "]}", ts + 1);
            }
            long flushAt = series.bucketStart(series.length() - 1) + 300_000 + 60_000;
            h.raw("flush", "{\"ts\":" + flushAt + ",\"value\":0}", flushAt);
            assertParity(bundle, series, h.readScores(), true);
        }
    }

    /** One event late enough to seal the series' last bucket (end + grace). */
    static void flush(Harness h, CountSeries series) {
        h.event("flush", series.bucketStart(series.length() - 1) + 300_000 + 60_000);
    }

    static void assertParity(ModelBundle bundle, CountSeries series, List<ScoreRecord> streamed, boolean exact) {
        List<dev.blip.core.window.Window> windows = bundle.assembler().windows(series);
        // The stream closes one bucket of this single key per punctuation, so its model calls hold one window
        // each; scoring offline in the same batch composition must match bit for bit.
        List<WindowScore> offline = new WindowScorer(bundle.newReconstructionModel(), bundle.manifest().calibration(), 1)
                .score(windows);
        // Offline in one big batch (what detect does) runs other GEMM kernels (OpenBLAS instead of the Java loop), whose
        // rounding depends on the CPU: both are checked against the exact score within the float32 rounding model
        // (LstmRoundingModel, ScoreBounds), which holds on every CPU, instead of a tolerance measured on one machine.
        List<WindowScore> batched = bundle.newScorer().score(windows);
        List<ScoreBounds.Interval> exactRaw = ScoreBounds.rawScores(bundle, windows);
        Calibration calibration = bundle.manifest().calibration();
        List<ScoreRecord> mine = streamed.stream().filter(r -> r.key().equals(series.key())).toList();
        assertThat(offline).hasSizeGreaterThan(50);
        assertThat(mine).hasSameSizeAs(offline);
        for (int i = 0; i < offline.size(); i++) {
            WindowScore o = offline.get(i);
            ScoreRecord s = mine.get(i);
            assertThat(s.bucketStart()).isEqualTo(Instant.ofEpochMilli(o.endBucketStart()).toString());
            assertThat(s.windowStart()).isEqualTo(Instant.ofEpochMilli(o.firstBucketStart()).toString());
            if (exact) {
                assertThat(s.rawError()).as("raw error of window %d", i).isEqualTo(o.rawScore());
                assertThat(s.anomalyScore()).as("score of window %d", i).isEqualTo(o.anomalyScore());
                assertThat(s.expected().get("total")).isEqualTo(o.lastExpected()[0]);
            }
            assertThat(s.actual().get("total")).isEqualTo(o.lastActual()[0]);
            assertThat(s.modelVersion()).isEqualTo(bundle.version());
            ScoreBounds.assertScoreWithinBound(s.rawError(), s.anomalyScore(), s.isAnomaly(), exactRaw.get(i), calibration,
                    "streamed window " + i);
            ScoreBounds.assertScoreWithinBound(batched.get(i), exactRaw.get(i), calibration, "batched window " + i);
        }
        assertThat(mine.stream().anyMatch(ScoreRecord::isAnomaly)).as("injected anomalies are found").isTrue();
    }
}
