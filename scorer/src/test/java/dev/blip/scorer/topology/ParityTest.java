package dev.blip.scorer.topology;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.event.Event;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Episode;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.testkit.ScoreBounds;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTime;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.testing.Offline;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scorer's per-bucket verdicts and episode reports for a series equal the offline path's
 * ({@code assembler().windows(series)}, a {@code WindowScorer}, then {@code Detector.run}: what
 * the trainer's {@code detect} runs), in both input modes.
 */
class ParityTest {

    static final int BUCKETS = 140;

    static SyntheticTraffic.Result traffic() {
        return TestTraffic.synthetic(1, BUCKETS, 8, 40, 48, 3, 40, 11L);
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
            assertParity(bundle, series, h.readScores(), h.readAnomalies(), false);
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
            long flushAt = series.bucketStart(series.length() - 1) + TestTime.BUCKET + 60_000;
            h.raw("flush", "{\"ts\":" + flushAt + ",\"value\":0}", flushAt);
            assertParity(bundle, series, h.readScores(), h.readAnomalies(), true);
        }
    }

    /** One event late enough to seal the series' last bucket (end + grace). */
    static void flush(Harness h, CountSeries series) {
        h.event("flush", series.bucketStart(series.length() - 1) + TestTime.BUCKET + 60_000);
    }

    /**
     * The stream's verdict on every bucket and its episode reports equal the offline path's: the
     * bundle's windows scored by a {@code WindowScorer}, then {@code Detector.run} from a fresh key
     * state (what the trainer's {@code OfflineDetector} runs). The stream closes one bucket of this
     * single key per punctuation, so its model calls hold one window each; scored offline in that
     * batch composition everything matches bit for bit ({@code exact}). Where punctuations batched
     * differently (events mode) the scores differ by float32 rounding only (~1e-8 relative), so
     * they are compared within 1e-6 while verdicts, reasons and episodes must still be identical.
     */
    static void assertParity(ModelBundle bundle, CountSeries series, List<ScoreRecord> streamed,
                             List<EpisodeRecord> episodes, boolean exact) {
        List<BucketVerdict> offline = Offline.verdicts(bundle, series, 1);
        List<ScoreRecord> mine = streamed.stream().filter(r -> r.key().equals(series.key())).toList();
        assertThat(offline).hasSizeGreaterThan(50);
        assertThat(mine).hasSameSizeAs(offline);
        double tolerance = exact ? 0 : 1e-6;
        for (int i = 0; i < offline.size(); i++) {
            Offline.assertSameVerdict(mine.get(i), offline.get(i), tolerance, bundle.version());
        }
        // every streamed raw error lies within the float32 rounding bound of the exact one (LstmRoundingModel,
        // ScoreBounds): a tolerance derived from the computation, not measured on one CPU
        List<ScoreBounds.Interval> exactRaw = ScoreBounds.rawScores(bundle, bundle.assembler().windows(series));
        for (int i = 0; i < offline.size(); i++) {
            ScoreBounds.Interval x = exactRaw.get(i);
            assertThat(Math.abs(mine.get(i).rawError() - x.exact())).as("raw error %d vs exact %s", i, x.exact())
                    .isLessThanOrEqualTo(x.radius());
        }
        // and the default batching of detect: same verdicts
        List<BucketVerdict> batched = Offline.verdicts(bundle, series, 1024);
        for (int i = 0; i < batched.size(); i++) {
            Offline.assertSameVerdict(mine.get(i), batched.get(i), 1e-6, bundle.version());
        }
        List<Episode> expected = Offline.episodes(offline);
        List<EpisodeRecord> mineEpisodes = episodes.stream().filter(r -> r.key().equals(series.key())).toList();
        assertThat(expected).as("the injected anomalies make episodes").hasSizeGreaterThanOrEqualTo(2)
                .anyMatch(e -> !e.open());
        assertThat(mineEpisodes).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Offline.assertSameEpisode(mineEpisodes.get(i), expected.get(i), offline, bundle.interval().millis(), tolerance,
                    bundle.version());
        }
        assertThat(mine.stream().filter(ScoreRecord::isAnomaly).count()).as("anomalous buckets")
                .isGreaterThanOrEqualTo(expected.stream().filter(Episode::open).count());
    }
}
