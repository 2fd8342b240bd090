package dev.blip.scorer.testing;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Episode;
import dev.blip.core.score.WindowScore;
import dev.blip.core.score.WindowScorer;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.ScoreRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The offline path the scorer must reproduce: the bundle's assembler yields the windows of a
 * series, a {@link WindowScorer} scores them and the bundle's detector runs over the scores from
 * a fresh state ({@code Detector.run}, what the trainer's {@code OfflineDetector} does), plus
 * record-by-record comparisons with what the scorer wrote.
 */
public final class Offline {

    private Offline() {
    }

    /** Verdicts for every scored bucket of {@code series}, scoring at most {@code maxBatch} windows per model call. */
    public static List<BucketVerdict> verdicts(ModelBundle bundle, CountSeries series, int maxBatch) {
        List<WindowScore> scores = new WindowScorer(bundle.newReconstructionModel(), bundle.manifest().calibration(), maxBatch)
                .score(bundle.assembler().windows(series));
        return bundle.detector().run(scores);
    }

    public static List<Episode> episodes(List<BucketVerdict> verdicts) {
        List<Episode> out = new ArrayList<>();
        verdicts.stream().filter(v -> v.episode() != null).forEach(v -> out.add(v.episode()));
        return out;
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /**
     * The streamed verdict on a bucket equals the offline one: verdict, reasons, range and counts
     * exactly; scores within {@code tolerance} (0 for bit-identical scoring).
     */
    public static void assertSameVerdict(ScoreRecord r, BucketVerdict v, double tolerance, String version) {
        WindowScore s = v.score();
        String id = r.key() + "@" + r.bucketStart();
        assertThat(r.schemaVersion()).isEqualTo(ScoreRecord.SCHEMA_VERSION);
        assertThat(r.bucketStart()).as(id).isEqualTo(iso(s.endBucketStart()));
        assertThat(r.windowStart()).as(id).isEqualTo(iso(s.firstBucketStart()));
        assertThat(r.isAnomaly()).as("verdict of %s", id).isEqualTo(v.anomaly());
        assertThat(r.reasons()).as("reasons of %s", id).isEqualTo(v.reasons());
        assertThat(r.range()).as("range of %s", id).isEqualTo(v.range());
        assertThat(r.actual().values()).as("actual of %s", id).containsExactly(box(s.lastActual()));
        assertThat(r.modelVersion()).isEqualTo(version);
        if (tolerance == 0) {
            assertThat(r.anomalyScore()).as("score of %s", id).isEqualTo(v.anomalyScore());
            assertThat(r.likelihood()).as("likelihood of %s", id).isEqualTo(v.likelihood());
            assertThat(r.instantaneous()).as("instantaneous of %s", id).isEqualTo(v.instantaneous());
            assertThat(r.rawError()).as("raw error of %s", id).isEqualTo(s.rawScore());
            assertThat(r.expected().values()).as("expected of %s", id).containsExactly(box(s.lastExpected()));
            assertThat(r.expectedLow().values()).as("band of %s", id).containsExactly(box(s.expectedLow()));
            assertThat(r.expectedHigh().values()).as("band of %s", id).containsExactly(box(s.expectedHigh()));
        } else {
            assertThat(r.anomalyScore()).as("score of %s", id).isCloseTo(v.anomalyScore(), within(tolerance));
            assertThat(r.likelihood()).as("likelihood of %s", id).isCloseTo(v.likelihood(), within(tolerance));
            assertThat(r.instantaneous()).as("instantaneous of %s", id).isCloseTo(v.instantaneous(), within(tolerance));
            assertThat(r.rawError()).as("raw error of %s", id).isCloseTo(s.rawScore(), within(tolerance * Math.max(1, s.rawScore())));
        }
    }

    /** The streamed episode report equals the offline one: identity, timing and counts exactly, peak within {@code tolerance}. */
    public static void assertSameEpisode(EpisodeRecord r, Episode e, List<BucketVerdict> verdicts, long interval,
                                         double tolerance, String version) {
        String id = e.id() + (e.open() ? " open" : " closed");
        assertThat(r.schemaVersion()).isEqualTo(ScoreRecord.SCHEMA_VERSION);
        assertThat(r.episodeId()).as(id).isEqualTo(e.id());
        assertThat(r.key()).as(id).isEqualTo(e.key());
        assertThat(r.state()).as(id).isEqualTo(e.open() ? EpisodeRecord.OPEN : EpisodeRecord.CLOSED);
        assertThat(r.startedAt()).as(id).isEqualTo(iso(e.startBucket()));
        assertThat(r.anomalousBuckets()).as(id).isEqualTo(e.anomalousBuckets());
        assertThat(r.peakAt()).as(id).isEqualTo(iso(e.peakBucket()));
        assertThat(r.reasons()).as(id).isEqualTo(e.reasons());
        assertThat(r.actual().values()).as(id).containsExactly(box(e.peakActual()));
        assertThat(r.peakScore()).as(id).isCloseTo(e.peakScore(), within(tolerance));
        assertThat(r.modelVersion()).isEqualTo(version);
        if (e.open()) {
            assertThat(r.endedAt()).as(id).isNull();
            assertThat(r.durationSeconds()).as(id).isNull();
            assertThat(r.closedBy()).as(id).isNull();
        } else {
            assertThat(r.endedAt()).as(id).isEqualTo(iso(e.lastBucket() + interval));
            assertThat(r.durationSeconds()).as(id).isEqualTo((e.lastBucket() + interval - e.startBucket()) / 1000);
            assertThat(r.closedBy()).as(id).isEqualTo(EpisodeRecord.CLOSED_QUIET);
        }
        WindowScore peak = verdicts.stream().map(BucketVerdict::score).filter(s -> s.endBucketStart() == e.peakBucket())
                .findFirst().orElseThrow();
        if (tolerance == 0) {
            assertThat(r.expected().values()).as(id).containsExactly(box(e.peakExpected()));
            assertThat(r.expectedLow().values()).as("band at the peak of %s", id).containsExactly(box(peak.expectedLow()));
            assertThat(r.expectedHigh().values()).as("band at the peak of %s", id).containsExactly(box(peak.expectedHigh()));
        } else {
            assertThat(r.expectedLow().values().iterator().next()).as("band at the peak of %s", id)
                    .isCloseTo(peak.expectedLow()[0], within(tolerance * Math.max(1, Math.abs(peak.expectedLow()[0]))));
        }
    }

    private static Double[] box(double[] v) {
        Double[] out = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
