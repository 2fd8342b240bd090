package dev.blip.core.detect;

import dev.blip.core.score.WindowScore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectorTest {

    private static final long MIN = 60_000L;

    /** A scored bucket: raw error, the tail probability of it, and the newest count. */
    static WindowScore score(int bucket, double raw, double exceedance, double actual) {
        double[][] act = {{actual}, {actual}};
        double[][] exp = {{actual}, {10}};
        return new WindowScore("k", bucket * MIN, (bucket - 1) * MIN, raw, raw, 1 - exceedance, exceedance, 1.0,
                false, new double[] {raw}, new double[] {raw, raw}, act, exp, new double[] {5}, new double[] {15});
    }

    /** Quiet traffic: raw errors around 1 (log-normal), unremarkable tails, counts 8..12. */
    static List<WindowScore> quiet(int from, int n, long seed) {
        Random rnd = new Random(seed);
        List<WindowScore> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(score(from + i, Math.exp(0.3 * rnd.nextGaussian()), 0.2 + 0.6 * rnd.nextDouble(), 8 + rnd.nextInt(5)));
        }
        return out;
    }

    private static DetectorSpec spec() {
        return DetectorSpec.defaults().withLearningBuckets(50);
    }

    @Test
    void aSpikeOpensOneEpisodeOnItsBucketAndClosesItAfterTheQuietBuckets() {
        List<WindowScore> scores = new ArrayList<>(quiet(0, 100, 1));
        scores.add(score(100, 400, 1e-9, 60));
        scores.add(score(101, 300, 1e-8, 55));
        scores.addAll(quiet(102, 20, 2));
        List<BucketVerdict> v = new Detector(spec(), 1).run(scores);

        assertThat(v.subList(0, 100)).noneMatch(BucketVerdict::anomaly);
        assertThat(v.get(100).anomaly()).isTrue();
        assertThat(v.get(100).instantaneous()).isGreaterThan(0.8);
        assertThat(v.get(100).reasons()).contains("instantaneous");
        List<Episode> episodes = v.stream().map(BucketVerdict::episode).filter(e -> e != null).toList();
        assertThat(episodes).hasSize(2);
        Episode open = episodes.get(0);
        Episode closed = episodes.get(1);
        assertThat(open.open()).isTrue();
        assertThat(open.startBucket()).isEqualTo(100 * MIN);
        assertThat(v.get(100).episode()).isSameAs(open);
        assertThat(closed.open()).isFalse();
        assertThat(closed.id()).isEqualTo(open.id());
        assertThat(closed.lastBucket()).isEqualTo(101 * MIN);
        assertThat(closed.anomalousBuckets()).isEqualTo(2);
        assertThat(closed.peakBucket()).isEqualTo(100 * MIN);
        assertThat(closed.peakActual()).containsExactly(60.0);
        // closes on the quietBuckets-th normal bucket after the last anomalous one
        int closedAt = v.indexOf(v.stream().filter(x -> x.episode() == closed).findFirst().orElseThrow());
        assertThat(closedAt).isEqualTo(101 + spec().quietBuckets());
    }

    /** A busy key goes silent: the first silent bucket is anomalous, the next ones are predicted well. */
    private static List<WindowScore> outage(int silentBuckets) {
        List<WindowScore> scores = new ArrayList<>(quiet(0, 100, 5));
        scores.add(score(100, 400, 1e-9, 0));
        for (int i = 1; i < silentBuckets; i++) {
            scores.add(score(100 + i, 1.0, 0.5, 0));
        }
        scores.addAll(quiet(100 + silentBuckets, 30, 6));
        return scores;
    }

    private static List<Episode> episodes(List<BucketVerdict> v) {
        return v.stream().map(BucketVerdict::episode).filter(e -> e != null).toList();
    }

    @Test
    void anOutageIsOneEpisodeFromItsFirstSilentBucketUntilTrafficReturns() {
        List<BucketVerdict> v = new Detector(spec(), 1).run(outage(40));
        assertThat(v.get(100).anomaly()).isTrue();
        assertThat(v.get(100).reasons()).contains("silence");
        // the model predicts the zeros after a while: those buckets are not anomalous themselves
        assertThat(v.subList(120, 140)).noneMatch(BucketVerdict::anomaly);
        List<Episode> episodes = episodes(v);
        assertThat(episodes).hasSize(2);
        Episode closed = episodes.get(1);
        assertThat(closed.open()).isFalse();
        assertThat(closed.startBucket()).isEqualTo(100 * MIN);
        assertThat(closed.lastBucket()).as("the last silent bucket").isEqualTo(139 * MIN);
        assertThat(closed.anomalousBuckets()).isEqualTo(40);
        assertThat(closed.reasons()).contains("silence");
        int closedAt = v.indexOf(v.stream().filter(x -> x.episode() == closed).findFirst().orElseThrow());
        assertThat(closedAt).as("quiet buckets count from the first bucket with traffic").isEqualTo(139 + spec().quietBuckets());
    }

    @Test
    void withoutTheSilenceHoldAnOutageEpisodeClosesWhileTheKeyIsStillSilent() {
        List<BucketVerdict> v = new Detector(spec().withSilenceHold(false), 1).run(outage(40));
        List<Episode> episodes = episodes(v);
        assertThat(episodes.get(1).open()).isFalse();
        assertThat(episodes.get(1).reasons()).doesNotContain("silence");
        int closedAt = v.indexOf(v.stream().filter(x -> x.episode() == episodes.get(1)).findFirst().orElseThrow());
        assertThat(closedAt).isLessThan(140);
        assertThat(DetectorSpec.gaugeDefaults().holdSilence()).as("a gauge's zero is an ordinary value").isFalse();
        assertThat(DetectorSpec.defaults().holdSilence()).isTrue();
    }

    @Test
    void zerosThatAreUsualForTheKeyDoNotHoldAnEpisodeOpen() {
        // a key that is often silent: a spike opens an episode, the zeros after it are ordinary
        Random rnd = new Random(7);
        List<WindowScore> scores = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            scores.add(score(i, Math.exp(0.3 * rnd.nextGaussian()), 0.2 + 0.6 * rnd.nextDouble(), rnd.nextInt(3)));
        }
        scores.add(score(100, 400, 1e-9, 60));
        for (int i = 1; i <= 30; i++) {
            scores.add(score(100 + i, 1.0, 0.5, 0));
        }
        List<BucketVerdict> v = new Detector(spec(), 1).run(scores);
        List<Episode> episodes = episodes(v);
        assertThat(episodes).hasSize(2);
        assertThat(episodes.get(1).reasons()).doesNotContain("silence");
        assertThat(episodes.get(1).lastBucket()).isEqualTo(100 * MIN);
    }

    @Test
    void aSustainedRiseInErrorIsCaughtByTheLikelihoodWhenNoSingleBucketIsRemarkable() {
        List<WindowScore> scores = new ArrayList<>(quiet(0, 300, 3));
        Random rnd = new Random(4);
        for (int i = 0; i < 30; i++) {
            // every bucket's error 20x the usual, yet each one's tail (0.01) is unremarkable alone
            scores.add(score(300 + i, 20 * Math.exp(0.3 * rnd.nextGaussian()), 0.01, 10));
        }
        DetectorSpec likelihoodOnly = spec().withSignals(true, false, false);
        List<BucketVerdict> v = new Detector(likelihoodOnly, 1).run(scores);
        assertThat(v.subList(0, 300)).noneMatch(BucketVerdict::anomaly);
        assertThat(v.subList(300, 330)).anyMatch(x -> x.anomaly() && x.reasons().equals(List.of("likelihood")));
        List<BucketVerdict> instantOnly = new Detector(spec().withSignals(false, true, false), 1).run(scores);
        assertThat(instantOnly).noneMatch(BucketVerdict::anomaly);
    }

    @Test
    void theLikelihoodAndRangeLearnBeforeTheySpeak() {
        List<WindowScore> scores = new ArrayList<>(quiet(0, 10, 5));
        scores.add(score(10, 50, 0.4, 1000));
        List<BucketVerdict> v = new Detector(spec().withSignals(true, false, true), 1).run(scores);
        assertThat(v).noneMatch(BucketVerdict::anomaly);
        assertThat(v.get(10).likelihood()).isLessThan(0.05);
    }

    @Test
    void aValueBeyondTheSeenRangeFiresTheRangeSignalOnce() {
        List<WindowScore> scores = new ArrayList<>(quiet(0, 80, 6));
        scores.add(score(80, 1, 0.5, 30));
        scores.add(score(81, 1, 0.5, 30));
        List<BucketVerdict> v = new Detector(spec().withSignals(false, false, true), 1).run(scores);
        assertThat(v.subList(0, 80)).noneMatch(BucketVerdict::range);
        assertThat(v.get(80).range()).isTrue();
        assertThat(v.get(80).anomalyScore()).isEqualTo(1.0);
        assertThat(v.get(80).reasons()).containsExactly("range");
        assertThat(v.get(81).range()).as("the range now includes 30").isFalse();
    }

    @Test
    void aNonFiniteErrorLeavesTheStateUntouched() {
        Detector d = new Detector(spec(), 1);
        DetectorState s = d.newState();
        quiet(0, 60, 7).forEach(x -> d.step(s, x));
        byte[] before = s.toBytes();
        BucketVerdict v = d.step(s, score(60, Double.NaN, 1.0, 10));
        assertThat(v.anomaly()).isFalse();
        assertThat(s.toBytes()).isEqualTo(before);
    }

    @Test
    void aSavedStateContinuesExactlyLikeTheLiveOne() {
        List<WindowScore> scores = new ArrayList<>(quiet(0, 120, 8));
        scores.add(score(120, 400, 1e-9, 70));
        scores.addAll(quiet(121, 30, 9));
        Detector d = new Detector(spec(), 1);
        List<BucketVerdict> whole = d.run(scores);
        for (int cut : new int[] {0, 1, 60, 121, 123, 151}) {
            DetectorState s = d.newState();
            List<BucketVerdict> split = new ArrayList<>();
            for (int i = 0; i < scores.size(); i++) {
                if (i == cut) {
                    s = DetectorState.fromBytes(s.toBytes());
                }
                split.add(d.step(s, scores.get(i)));
            }
            assertThat(split).as("cut at %d", cut).usingRecursiveFieldByFieldElementComparator().isEqualTo(whole);
        }
    }

    @Test
    void stateIsSmallAndItsSavedFormIsChecked() {
        Detector d = new Detector(DetectorSpec.defaults(), 1);
        DetectorState s = d.newState();
        quiet(0, 400, 10).forEach(x -> d.step(s, x));
        byte[] bytes = s.toBytes();
        assertThat(bytes.length).isLessThanOrEqualTo(256);
        assertThat(DetectorState.fromBytes(bytes).toBytes()).isEqualTo(bytes);
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 9;
        assertThatThrownBy(() -> DetectorState.fromBytes(otherFormat)).hasMessageContaining("format 9");
        assertThatThrownBy(() -> DetectorState.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .hasMessageContaining("corrupt detector state");
    }

    @Test
    void errorsRareForTheModelButUsualForTheKeyStopFiringOnceTheKeyIsLearnt() {
        // a key whose every bucket sits far in the validation tail (a drifting gauge): each bucket
        // alone is "rare" for the model, but not for this key once its own errors are learnt
        Random rnd = new Random(11);
        List<WindowScore> scores = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            scores.add(score(i, 50 * Math.exp(0.3 * rnd.nextGaussian()), 1e-8, 10));
        }
        scores.add(score(200, 5000, 1e-12, 10));
        assertThat(new Detector(spec().withSignals(false, true, false), 1).run(scores)).as("counts: validation tail only")
                .allMatch(BucketVerdict::anomaly);
        List<BucketVerdict> v = new Detector(spec().withSignals(false, true, false).withKeyCalibration(true), 1).run(scores);
        assertThat(v.subList(0, 50)).as("learning: the validation tail alone speaks").allMatch(BucketVerdict::anomaly);
        assertThat(v.subList(60, 200)).noneMatch(BucketVerdict::anomaly);
        assertThat(v.get(200).anomaly()).as("100x the key's usual error").isTrue();
    }

    @Test
    void statesOfEarlierFormatsAreRead() {
        Detector d = new Detector(spec().withKeyCalibration(true), 1);
        DetectorState s = d.newState();
        List<WindowScore> scores = new ArrayList<>(quiet(0, 60, 12));
        scores.add(score(60, 400, 1e-9, 70));
        scores.forEach(x -> d.step(s, x));
        assertThat(s.episodeOpen()).isTrue();
        byte[] v3 = s.toBytes();
        int f = 8; // one feature: 8 bytes per row; rows min, max, peakActual, peakExpected (+ peakLow, peakHigh since 3)
        byte[] fourRows = java.util.Arrays.copyOfRange(v3, v3.length - 6 * f, v3.length - 2 * f);
        // format 2: no band rows; format 1: no own-error statistics (24 bytes) either
        byte[] v2 = concat(java.util.Arrays.copyOf(v3, v3.length - 6 * f), fourRows);
        byte[] v1 = concat(java.util.Arrays.copyOf(v3, v3.length - 6 * f - 24), fourRows);
        v2[0] = 2;
        v1[0] = 1;
        DetectorState two = DetectorState.fromBytes(v2);
        DetectorState one = DetectorState.fromBytes(v1);
        for (DetectorState old : List.of(one, two)) {
            assertThat(old.scored()).isEqualTo(s.scored());
            assertThat(old.episodeOpen()).isTrue();
            Episode e = d.end(old, "k");
            assertThat(e.peakActual()).containsExactly(70.0);
            assertThat(e.peakExpectedLow()).as("no band saved before format 3").isNull();
            assertThat(old.toBytes()[0]).isEqualTo((byte) DetectorState.FORMAT);
        }
        assertThat(two.errors).isEqualTo(s.errors);
        assertThat(one.errors).as("format 1 learns the key's own errors afresh").isZero();
        assertThat(d.end(s, "k").peakExpectedLow()).containsExactly(5.0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void invalidSpecsNameEveryViolation() {
        DetectorSpec bad = new DetectorSpec(false, false, false, 0, -1, 0, 0, true, -1, 2, 0);
        assertThat(bad.violations()).hasSize(8);
        assertThatThrownBy(() -> new Detector(bad, 1)).hasMessageContaining("detector.threshold: must be in (0, 1], got 2.0");
    }

    @Test
    void signalsShareOneLogScale() {
        assertThat(Signals.logScaled(1e-5)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(Signals.logScaled(1.0)).isLessThan(1e-9);
        assertThat(Signals.logScaled(0)).isEqualTo(1.0);
        assertThat(Signals.tail(0)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(Signals.tail(-1.96)).isCloseTo(0.025, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(Signals.tail(4.2649)).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-7));
    }
}
