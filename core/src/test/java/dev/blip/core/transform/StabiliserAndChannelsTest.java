package dev.blip.core.transform;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.window.Window;
import dev.blip.core.window.WindowAssembler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StabiliserAndChannelsTest {

    @Test
    void anscombeGivesPoissonNoiseAboutUnitScaleAtEveryRate() {
        Random rnd = new Random(1);
        for (double rate : new double[] {5, 50, 500}) {
            double sum = 0;
            double sq = 0;
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                double y = Stabiliser.ANSCOMBE.forward(SyntheticTraffic.poisson(rnd, rate));
                sum += y;
                sq += y * y;
            }
            double var = sq / n - (sum / n) * (sum / n);
            assertThat(var).as("rate %s", rate).isCloseTo(1.0, within(0.1));
        }
    }

    @Test
    void anscombeInvertsCountsAndNeverGoesNegative() {
        for (int x = 0; x < 1000; x += 7) {
            assertThat(Stabiliser.ANSCOMBE.inverse(Stabiliser.ANSCOMBE.forward(x))).isCloseTo(x, within(1e-9));
        }
        assertThat(Stabiliser.ANSCOMBE.inverse(-3)).isEqualTo(0.0);
        assertThat(Stabiliser.ANSCOMBE.inverse(0.5)).isEqualTo(0.0);
        assertThat(Stabiliser.ANSCOMBE.inverse(Double.NaN)).isNaN();
        assertThat(Stabiliser.NONE.inverse(-3)).isEqualTo(-3.0);
    }

    @Test
    void levelAndDifferenceChannelsAreTheStabilisedSeriesAndItsDifferencesAndInvertToCounts() {
        double[][] v = new double[40][2];
        Random rnd = new Random(2);
        for (double[] row : v) {
            row[0] = rnd.nextInt(30);
            row[1] = rnd.nextInt(5);
        }
        CountSeries s = new CountSeries("k", BucketInterval.parse("1m"), 0, FeatureSpec.forEvents(List.of("a")), v);
        Preprocessing p = Preprocessing.levelAndDifference(Stabiliser.ANSCOMBE, List.of(), List.of(TransformSpec.difference()));
        WindowAssembler assembler = new WindowAssembler(new ChannelPipeline(p, 2), 4);
        assertThat(assembler.channels()).isEqualTo(4);
        List<Window> windows = assembler.windows(s);
        assertThat(windows).hasSize(40 - 1 - 4 + 1);
        for (Window w : windows) {
            int end = (int) (w.endBucketStart() / 60_000L);
            for (int t = 0; t < 4; t++) {
                int b = end - 3 + t;
                for (int f = 0; f < 2; f++) {
                    double level = Stabiliser.ANSCOMBE.forward(v[b][f]);
                    double diff = level - Stabiliser.ANSCOMBE.forward(v[b - 1][f]);
                    assertThat(w.value(f, t)).isCloseTo((float) level, within(1e-5f));
                    assertThat(w.value(2 + f, t)).isCloseTo((float) diff, within(1e-5f));
                    // both channels turn back into the bucket's count
                    assertThat(w.toCount(t, f, w.value(f, t))).isCloseTo(v[b][f], within(1e-3));
                    assertThat(w.toCount(t, 2 + f, w.value(2 + f, t))).isCloseTo(v[b][f], within(1e-3));
                }
            }
        }
    }

    @Test
    void preprocessingNamesEveryViolation() {
        Preprocessing bad = new Preprocessing(null, List.of(new ChannelSpec("", List.of(TransformSpec.ewm(2, -1, 0)))));
        assertThat(bad.violations(1)).anyMatch(x -> x.startsWith("preprocessing.stabiliser"))
                .anyMatch(x -> x.startsWith("preprocessing.channels[0].name"))
                .anyMatch(x -> x.contains("channels[0].transforms[0].alpha"));
        assertThat(new Preprocessing(Stabiliser.NONE, List.of()).violations(1)).anyMatch(x -> x.contains("1 to 4 channel groups"));
    }
}
