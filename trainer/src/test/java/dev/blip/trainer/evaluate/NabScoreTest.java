package dev.blip.trainer.evaluate;

import dev.blip.trainer.evaluate.NabScore.Profile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * NAB's scoring rules on small cases computed by hand. Notation: {@code s(x) = 2 / (1 + e^(5x)) - 1}
 * (NAB's scaled sigmoid, = tanh(-2.5x); -1 from x >= 3); {@code s(-1) = tanh(2.5) = 0.98661429815}.
 * A detection at row i of window [l, r] (width w) is worth {@code A_TP * s(-(r - i + 1) / w) / s(-1)};
 * a detection outside windows costs {@code A_FP * s(|i - r_prev| / (w_prev - 1))}, or {@code -A_FP}
 * with no preceding window; a missed window costs {@code -A_FN}. Standard profile: A_TP 1, A_FP 0.11,
 * A_FN 1.
 */
class NabScoreTest {

    private static final double EPS = 1e-12;

    /** The file used by most cases: 40 rows, one window on rows 10..19 (width 10). */
    private static final List<int[]> ONE_WINDOW = List.of(new int[] {10, 19});

    private static double[] scores(int n, int... detectedRows) {
        double[] s = new double[n];
        for (int i : detectedRows) {
            s[i] = 1.0;
        }
        return s;
    }

    /** Raw standard score of one file with the given rows detected (score 1, threshold 1). */
    private static double raw(int n, List<int[]> windows, int probation, int... detected) {
        NabScore.File f = NabScore.File.of("f", scores(n, detected), windows, probation);
        return NabScore.atThreshold(List.of(f), Profile.STANDARD, 1.0).raw();
    }

    @Test
    void profilesAreNabsProfilesJson() {
        assertThat(Profile.STANDARD).isEqualTo(new Profile("standard", 1.0, 0.11, 1.0));
        assertThat(Profile.REWARD_LOW_FP).isEqualTo(new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0));
        assertThat(Profile.REWARD_LOW_FN).isEqualTo(new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0));
        assertThat(NabScore.scaledSigmoid(-1.0)).isCloseTo(0.98661429815143, within(EPS));
        assertThat(NabScore.scaledSigmoid(0.0)).isEqualTo(0.0);
        assertThat(NabScore.scaledSigmoid(3.0)).isEqualTo(-1.0);
    }

    @Test
    void earlyDetectionIsWorthTheFullTpWeightALateOneLittle() {
        // Row 10, the window's first row: position -(19 - 10 + 1) / 10 = -1 -> s(-1) / s(-1) = 1.
        assertThat(raw(40, ONE_WINDOW, 0, 10)).isCloseTo(1.0, within(EPS));
        // Row 15: position -(19 - 15 + 1) / 10 = -0.5 -> tanh(1.25) / tanh(2.5) = 0.84828364 / 0.98661430.
        assertThat(raw(40, ONE_WINDOW, 0, 15)).isCloseTo(0.8597925669097837, within(EPS));
        // Row 19, the last row: position -1/10 -> tanh(0.25) / tanh(2.5) = 0.24491866 / 0.98661430
        // (NAB's code never reaches position 0 inside a window).
        assertThat(raw(40, ONE_WINDOW, 0, 19)).isCloseTo(0.24824154977542992, within(EPS));
        // Missed: -A_FN.
        assertThat(raw(40, ONE_WINDOW, 0)).isEqualTo(-1.0);
    }

    @Test
    void onlyTheFirstDetectionInAWindowCounts() {
        // Rows 12 and 17 in the window: only row 12 counts, s(-0.8) / s(-1) = tanh(2) / tanh(2.5)
        // = 0.96402758 / 0.98661430 = 0.97710684; row 17 adds nothing (and costs nothing).
        double first = 0.9771068409226045;
        assertThat(raw(40, ONE_WINDOW, 0, 12)).isCloseTo(first, within(EPS));
        assertThat(raw(40, ONE_WINDOW, 0, 12, 17)).isCloseTo(first, within(EPS));
        assertThat(raw(40, ONE_WINDOW, 0, 12, 13, 14, 15, 16, 17, 18, 19)).isCloseTo(first, within(EPS));
        // In a sweep the later row may have the higher score: at the lower threshold the earlier row
        // takes over. Scores: row 17 = 0.9, row 12 = 0.5. Threshold 0.9: only row 17 detected,
        // tanh(0.75) / tanh(2.5) = 0.63514895 / 0.98661430 = 0.64376 < 0.97711 at threshold 0.5.
        double[] s = new double[40];
        s[17] = 0.9;
        s[12] = 0.5;
        NabScore.File f = NabScore.File.of("f", s, ONE_WINDOW, 0);
        assertThat(NabScore.atThreshold(List.of(f), Profile.STANDARD, 0.9).raw())
                .isCloseTo(Math.tanh(0.75) / Math.tanh(2.5), within(EPS));
        NabScore.Result swept = NabScore.sweep(List.of(f), Profile.STANDARD);
        assertThat(swept.threshold()).isEqualTo(0.5);
        assertThat(swept.raw()).isCloseTo(first, within(EPS));
    }

    @Test
    void falsePositivesJustAfterAWindowCostLittleFarAwayOrBeforeAnyWindowTheFullWeight() {
        List<int[]> w = ONE_WINDOW;
        int n = 60;
        // Window missed (-1) in all cases; the FP adds:
        // row 20, just after: position |19 - 20| / (10 - 1) = 1/9 -> s(1/9) = -tanh(0.2778) = -0.27084712,
        // times 0.11 = -0.02979318.
        assertThat(raw(n, w, 0, 20) + 1).isCloseTo(-0.029793183036839352, within(EPS));
        // row 30: position 11/9 -> s = -0.99557365, times 0.11 = -0.10951310.
        assertThat(raw(n, w, 0, 30) + 1).isCloseTo(-0.10951310130369775, within(EPS));
        // row 46: position 27/9 = 3 -> exactly -1, times 0.11.
        assertThat(raw(n, w, 0, 46) + 1).isCloseTo(-0.11, within(EPS));
        // row 5, before any window: the full -0.11.
        assertThat(raw(n, w, 0, 5) + 1).isCloseTo(-0.11, within(EPS));
        // Every FP row counts (no "first only" outside windows): rows 5 and 20 together.
        assertThat(raw(n, w, 0, 5, 20) + 1).isCloseTo(-0.11 - 0.029793183036839352, within(EPS));
        // The reward_low_FP profile doubles the FP weight: row 30 costs 0.22 * 0.99557365.
        NabScore.File f = NabScore.File.of("f", scores(n, 30), w, 0);
        assertThat(NabScore.atThreshold(List.of(f), Profile.REWARD_LOW_FP, 1.0).raw() + 1)
                .isCloseTo(-0.2190262026073955, within(EPS));
    }

    @Test
    void probationRowsAreIgnored() {
        // Probation 12: rows 0..11 are never scored. Row 5 (an FP before any window) and row 11 (in
        // the window, but in probation) count for nothing: the window is still missed, -1.
        assertThat(raw(40, ONE_WINDOW, 12, 5, 11)).isEqualTo(-1.0);
        // Row 12 is the first scored row, still in the window at position -(19 - 12 + 1) / 10 = -0.8:
        // 0.97710684, whatever happened in probation.
        assertThat(raw(40, ONE_WINDOW, 12, 5, 11, 12)).isCloseTo(0.9771068409226045, within(EPS));
        // A window entirely inside probation scores neither TP nor FN, but an FP after it is still
        // weighted relative to it (as NAB's sweeper does): window 2..5 (width 4), probation 10, FP at
        // row 11: position |5 - 11| / 3 = 2 -> s(2) = -tanh(5) = -0.99990920, times 0.11.
        List<int[]> early = List.of(new int[] {2, 5});
        assertThat(raw(40, early, 10, 11)).isCloseTo(-0.11 * Math.tanh(5), within(EPS));
        assertThat(raw(40, early, 10)).isEqualTo(0.0);
        // NAB's probation length: min(floor(0.15 n), 0.15 * 5000 = 750).
        assertThat(FileEvaluation.probation(4032, 0.15, 750)).isEqualTo(604);
        assertThat(FileEvaluation.probation(22695, 0.15, 750)).isEqualTo(750);
    }

    /**
     * Two files, standard profile. File A: window 10..19; score 0.9 at row 10 (TP worth 1) and 0.8
     * at row 30 (FP, 11/9 past the window: -0.10951310). File B: window 20..29; score 0.85 at row 5
     * (FP before any window: -0.11) and 0.7 at row 25 (TP at -0.5: 0.85979257). Everything else 0.
     * Summed raw score per threshold:
     * none: -2; 0.9: 1 - 1 = 0; 0.85: -0.11; 0.8: -0.21951310;
     * 0.7: 1 - 0.10951310 - 0.11 + 0.85979257 = 1.64027947; 0: every row, far below.
     * Best: 0.7, although file A alone would prefer 0.9 (one threshold for the corpus).
     * Normalised: 100 * (1.64027947 + 2) / (2 + 2) = 91.00698664.
     */
    @Test
    void theSweepPicksTheSingleBestThresholdOverTwoFiles() {
        double[] a = new double[40];
        a[10] = 0.9;
        a[30] = 0.8;
        double[] b = new double[40];
        b[5] = 0.85;
        b[25] = 0.7;
        List<NabScore.File> files = List.of(NabScore.File.of("a", a, List.of(new int[] {10, 19}), 0),
                NabScore.File.of("b", b, List.of(new int[] {20, 29}), 0));
        Map<Profile, NabScore.Result> all = NabScore.sweepAll(files, Profile.ALL);
        NabScore.Result std = all.get(Profile.STANDARD);
        assertThat(std.threshold()).isEqualTo(0.7);
        assertThat(std.raw()).isCloseTo(1.640279465606086, within(EPS));
        assertThat(std.nullRaw()).isEqualTo(-2.0);
        assertThat(std.perfectRaw()).isEqualTo(2.0);
        assertThat(std.normalised()).isCloseTo(91.00698664015215, within(1e-9));
        assertThat(std.files().get(0).raw()).isCloseTo(1 - 0.10951310130369775, within(EPS));
        assertThat(std.files().get(1).raw()).isCloseTo(0.8597925669097837 - 0.11, within(EPS));
        assertThat(std.windowsDetected()).isEqualTo(2);
        assertThat(std.fpRows()).isEqualTo(2);
        // reward_low_FP (A_FP 0.22): 0.7 still best: 1 - 0.21902620 - 0.22 + 0.85979257 = 1.42076636;
        // 100 * (1.42076636 + 2) / 4 = 85.51915911.
        assertThat(all.get(Profile.REWARD_LOW_FP).threshold()).isEqualTo(0.7);
        assertThat(all.get(Profile.REWARD_LOW_FP).normalised()).isCloseTo(85.5191591075597, within(1e-9));
        // reward_low_FN (A_FN 2): same raw at 0.7 (both windows found), null -4:
        // 100 * (1.64027947 + 4) / (2 + 4) = 94.00465776.
        assertThat(all.get(Profile.REWARD_LOW_FN).threshold()).isEqualTo(0.7);
        assertThat(all.get(Profile.REWARD_LOW_FN).normalised()).isCloseTo(94.00465776010144, within(1e-9));
        // The sweep's choice equals scoring every candidate threshold directly.
        for (double t : new double[] {0.9, 0.85, 0.8, 0.0, Double.POSITIVE_INFINITY}) {
            assertThat(NabScore.atThreshold(files, Profile.STANDARD, t).raw()).isLessThan(std.raw());
        }
    }

    @Test
    void sweepWithHighFpCostChoosesToDetectNothing() {
        // One window missed vs found late with many FPs before it: FPs at rows 0..19 (20 x -0.11 =
        // -2.2) plus a TP at row 29 (0.24824155) = -1.95175845 < -1 (nothing): threshold "none".
        double[] s = new double[40];
        for (int i = 0; i < 20; i++) {
            s[i] = 0.9;
        }
        s[29] = 0.9;
        NabScore.Result r = NabScore.sweep(List.of(NabScore.File.of("f", s, List.of(new int[] {20, 29}), 0)),
                Profile.STANDARD);
        assertThat(r.detectsNothing()).isTrue();
        assertThat(r.raw()).isEqualTo(-1.0);
        assertThat(r.normalised()).isEqualTo(0.0);
    }

    @Test
    void nullDetectorIsZeroAndPerfectDetectorHundredForEveryProfile() {
        List<int[]> windows = List.of(new int[] {100, 119}, new int[] {300, 339});
        double[] constant = new double[500];
        java.util.Arrays.fill(constant, 0.5);
        double[] perfect = scores(500, 100, 300);
        for (Profile p : Profile.ALL) {
            // Null: constant 0.5; the sweep's best is "nothing" = -2 A_FN = its own baseline.
            NabScore.Result n = NabScore.sweep(List.of(NabScore.File.of("f", constant, windows, 75)), p);
            assertThat(n.normalised()).as(p.name()).isEqualTo(0.0);
            assertThat(n.nullRaw()).isEqualTo(-2 * p.fnWeight());
            // Perfect: the first row of each window and nothing else = 2 A_TP.
            NabScore.Result best = NabScore.sweep(List.of(NabScore.File.of("f", perfect, windows, 75)), p);
            assertThat(best.threshold()).isEqualTo(1.0);
            assertThat(best.raw()).isCloseTo(2 * p.tpWeight(), within(EPS));
            assertThat(best.normalised()).as(p.name()).isCloseTo(100.0, within(1e-9));
        }
    }

    @Test
    void windowsMapToRowsByTimestampAndFlagsScoreAtTheirOwnThreshold() {
        long[] ts = new long[40];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 300_000L * i;
        }
        List<Labels.Window> labels = List.of(new Labels.Window(ts[10], ts[19]));
        assertThat(NabScore.windowRows(ts, labels)).singleElement().satisfies(w -> assertThat(w).containsExactly(10, 19));
        boolean[] flags = new boolean[40];
        flags[15] = true;
        flags[20] = true;
        NabScore.File f = NabScore.File.ofFlags("f", ts, flags, labels, 0);
        // 0.85979257 (row 15) - 0.02979318 (row 20, just after).
        assertThat(NabScore.atThreshold(List.of(f), Profile.STANDARD, 1.0).raw())
                .isCloseTo(0.8597925669097837 - 0.029793183036839352, within(EPS));
    }

    @Test
    void fileEvaluationCountsPointsEventsAndDropsWindowsInsideProbation() {
        long[] ts = new long[400];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1_000L * i;
        }
        List<Labels.Window> labels = List.of(new Labels.Window(10_000, 20_000), new Labels.Window(100_000, 109_000),
                new Labels.Window(200_000, 219_000));
        boolean[] detected = new boolean[400];
        for (int i : new int[] {15, 105, 106, 300, 301, 302, 350}) {
            detected[i] = true;
        }
        Counts c = FileEvaluation.of("f.csv", ts, detected, labels, 50).counts();
        assertThat(c.tp()).isEqualTo(2);
        assertThat(c.fn()).isEqualTo(8 + 20);
        assertThat(c.fp()).isEqualTo(4);
        assertThat(c.tn()).isEqualTo(350 - 2 - 28 - 4);
        assertThat(c.eventTp()).isEqualTo(1);
        assertThat(c.eventFn()).isEqualTo(1);
        assertThat(c.eventFp()).isEqualTo(2);
        assertThat(c.eventPrecision()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(c.eventRecall()).isEqualTo(0.5);
    }

    @Test
    void baselineThresholdComesFromTheTrainingPrefixOnly() {
        double[] v = new double[400];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 5 * Math.sin(i / 3.0) + ((i * 7919) % 13) / 13.0;
        }
        v[300] = 200;
        ZScoreBaseline b = new ZScoreBaseline(32, 0.995);
        boolean[] flags = b.detect(v, 100);
        assertThat(flags[300]).isTrue();
        double[] spiked = v.clone();
        spiked[350] = 10_000;
        assertThat(b.threshold(b.zScores(spiked), 100)).isEqualTo(b.threshold(b.zScores(v), 100));
    }
}
