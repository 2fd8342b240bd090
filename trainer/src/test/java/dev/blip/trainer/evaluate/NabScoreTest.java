package dev.blip.trainer.evaluate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NabScoreTest {

    private static final List<int[]> WINDOWS = List.of(new int[] {100, 119}, new int[] {300, 339});

    private static boolean[] flags(int n, int... at) {
        boolean[] f = new boolean[n];
        for (int i : at) {
            f[i] = true;
        }
        return f;
    }

    @Test
    void nullDetectorScoresZeroAndPerfectDetectorHundred() {
        NabScore.Result none = NabScore.score(WINDOWS, flags(500), 0);
        assertThat(none.raw()).isEqualTo(-2.0);
        assertThat(none.normalised()).isEqualTo(0.0);
        NabScore.Result perfect = NabScore.score(WINDOWS, flags(500, 100, 300), 0);
        assertThat(perfect.raw()).isCloseTo(2.0, within(1e-12));
        assertThat(perfect.normalised()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void earlierDetectionIsWorthMoreAndOnlyTheBestPerWindowCounts() {
        double early = NabScore.score(WINDOWS.subList(0, 1), flags(200, 102), 0).raw();
        double late = NabScore.score(WINDOWS.subList(0, 1), flags(200, 118), 0).raw();
        double both = NabScore.score(WINDOWS.subList(0, 1), flags(200, 102, 118), 0).raw();
        assertThat(early).isGreaterThan(late).isLessThan(1.0);
        assertThat(late).isGreaterThan(0.0);
        assertThat(both).isEqualTo(early);
        // Halfway into the window: sigma(-0.5) / sigma(-1) with the documented sigmoid.
        double mid = NabScore.score(WINDOWS.subList(0, 1), flags(200, 110), 0).raw();
        assertThat(mid).isCloseTo(NabScore.sigmoid(-0.5) / NabScore.sigmoid(-1.0), within(1e-12));
    }

    @Test
    void falsePositivesCostLessJustAfterAWindowAndAFullWeightFarAway() {
        double none = NabScore.score(WINDOWS, flags(500), 0).raw();
        double farBefore = NabScore.score(WINDOWS, flags(500, 10), 0).raw() - none;
        double justAfter = NabScore.score(WINDOWS, flags(500, 121), 0).raw() - none;
        double farAfter = NabScore.score(WINDOWS, flags(500, 250), 0).raw() - none;
        assertThat(farBefore).isCloseTo(-NabScore.A_FP, within(1e-12));
        assertThat(farAfter).isCloseTo(-NabScore.A_FP, within(1e-12));
        assertThat(justAfter).isLessThan(0).isGreaterThan(farAfter);
    }

    @Test
    void probationaryRowsAreIgnored() {
        double none = NabScore.score(WINDOWS, flags(500), 150).raw();
        assertThat(NabScore.score(WINDOWS, flags(500, 10, 105), 150).raw()).isEqualTo(none);
    }

    @Test
    void fileEvaluationCountsPointsEventsAndDropsWindowsInsideProbation() {
        long[] ts = new long[400];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1_000L * i;
        }
        List<Labels.Window> labels = List.of(new Labels.Window(10_000, 20_000), new Labels.Window(100_000, 109_000),
                new Labels.Window(200_000, 219_000));
        boolean[] detected = flags(400, 15, 105, 106, 300, 301, 302, 350);
        FileEvaluation e = FileEvaluation.of("f.csv", ts, detected, labels, 50);
        Counts c = e.counts();
        assertThat(e.nab().windows()).isEqualTo(2);
        assertThat(c.tp()).isEqualTo(2);
        assertThat(c.fn()).isEqualTo(8 + 20);
        assertThat(c.fp()).isEqualTo(4);
        assertThat(c.tn()).isEqualTo(350 - 2 - 28 - 4);
        assertThat(c.eventTp()).isEqualTo(1);
        assertThat(c.eventFn()).isEqualTo(1);
        assertThat(c.eventFp()).isEqualTo(2);
        assertThat(c.eventPrecision()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(c.eventRecall()).isEqualTo(0.5);
        assertThat(FileEvaluation.probation(4032, 0.15, 750)).isEqualTo(604);
        assertThat(FileEvaluation.probation(22695, 0.15, 750)).isEqualTo(750);
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
