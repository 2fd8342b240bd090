package dev.blip.core.transform;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bucket.FeatureSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransformPropertiesTest {

    /** Event-count series: 1-3 features, values spanning 0 to about a million. */
    @Provide
    Arbitrary<CountSeries> series() {
        Arbitrary<Integer> features = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> lengths = Arbitraries.integers().between(3, 60);
        Arbitrary<Double> magnitude = Arbitraries.of(1.0, 10.0, 1_000.0, 1_000_000.0);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(features, lengths, magnitude, seeds).as((f, n, mag, seed) -> {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
            double[][] v = new double[n][f];
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < f; j++) {
                    v[t][j] = Math.floor(rnd.nextDouble() * mag);
                }
            }
            List<String> names = new ArrayList<>();
            for (int j = 0; j < f; j++) {
                names.add("f" + j);
            }
            return new CountSeries("k", BucketInterval.parse("1m"), 0L, new FeatureSpec(names), v);
        });
    }

    @Provide
    Arbitrary<List<TransformSpec>> pipelines() {
        return Arbitraries.of(
                List.of(TransformSpec.difference()),
                List.of(TransformSpec.seasonalDifference(2)),
                List.of(TransformSpec.zscore()),
                List.of(TransformSpec.robust()),
                List.of(TransformSpec.ewm(0.1, 0, 1.0)),
                List.of(TransformSpec.difference(), TransformSpec.zscore()),
                List.of(TransformSpec.difference(), TransformSpec.robust()),
                List.of(TransformSpec.difference(), TransformSpec.ewm(0.05, 4, 1.0)),
                List.of(TransformSpec.seasonalDifference(3), TransformSpec.difference(), TransformSpec.ewm(0.3, 2, 0.5)),
                List.of(TransformSpec.difference(), TransformSpec.zscore(), TransformSpec.ewm(0.2, 1, 1e-3)));
    }

    @Property(tries = 300)
    void inverseRecoversEveryInputBucket(@ForAll("series") CountSeries series,
                                         @ForAll("pipelines") List<TransformSpec> specs) {
        TransformPipeline p = new TransformPipeline(TransformPipeline.fit(specs, List.of(series)), series.featureCount());
        double[] state = p.newState();
        double[] s = new double[p.features()];
        double[] o = new double[p.features()];
        for (double[] original : series.values()) {
            double[] y = original.clone();
            if (!p.apply(y, state, s, o)) {
                continue;
            }
            for (int j = 0; j < y.length; j++) {
                double back = s[j] * y[j] + o[j];
                assertThat(Math.abs(back - original[j]))
                        .as("feature %d of %s", j, specs)
                        .isLessThanOrEqualTo(1e-9 * (1 + Math.abs(original[j]) + Math.abs(o[j])));
            }
        }
    }

    @Property(tries = 200)
    void undifferencingRebuildsTheSeriesFromItsFirstBucket(@ForAll("series") CountSeries series) {
        TransformPipeline p = new TransformPipeline(List.of(TransformSpec.difference()), series.featureCount());
        List<double[]> diffs = p.applyAll(series);
        assertThat(diffs).hasSize(series.length() - 1);
        double[] running = series.values()[0].clone();
        for (int t = 1; t < series.length(); t++) {
            for (int j = 0; j < running.length; j++) {
                assertThat(diffs.get(t - 1)[j]).isEqualTo(series.values()[t][j] - series.values()[t - 1][j]);
                running[j] += diffs.get(t - 1)[j];
            }
            assertThat(running).containsExactly(series.values()[t]);
        }
    }

    @Property(tries = 200)
    void seasonalDifferenceSubtractsTheBucketOneLagBack(@ForAll("series") CountSeries series) {
        int lag = 2;
        TransformPipeline p = new TransformPipeline(List.of(TransformSpec.seasonalDifference(lag)), series.featureCount());
        List<double[]> out = p.applyAll(series);
        assertThat(out).hasSize(series.length() - lag);
        for (int t = lag; t < series.length(); t++) {
            for (int j = 0; j < series.featureCount(); j++) {
                assertThat(out.get(t - lag)[j]).isEqualTo(series.values()[t][j] - series.values()[t - lag][j]);
            }
        }
    }

    /**
     * Windows carry the model input as float: a value normalised, rounded to float and
     * denormalised is the original up to float precision relative to the bucket's scale.
     */
    @Property(tries = 300)
    void normaliseThenDenormaliseIsTheIdentityWithinFloatTolerance(
            @ForAll("series") CountSeries series, @ForAll("normalisers") TransformSpec normaliser) {
        TransformPipeline p = new TransformPipeline(TransformPipeline.fit(List.of(normaliser), List.of(series)),
                series.featureCount());
        double[] state = p.newState();
        double[] s = new double[p.features()];
        double[] o = new double[p.features()];
        for (double[] original : series.values()) {
            double[] y = original.clone();
            assertThat(p.apply(y, state, s, o)).isTrue();
            for (int j = 0; j < y.length; j++) {
                float rounded = (float) y[j];
                double back = s[j] * rounded + o[j];
                double tolerance = 1e-6 * (s[j] * Math.abs(y[j]) + 1e-3) + 1e-9 * Math.abs(o[j]);
                assertThat(Math.abs(back - original[j])).isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @Property(tries = 100)
    void zscoreFittedOnTrainingHasZeroMeanAndUnitSpread(@ForAll("series") CountSeries series) {
        TransformPipeline p = new TransformPipeline(
                TransformPipeline.fit(List.of(TransformSpec.zscore()), List.of(series)), series.featureCount());
        List<double[]> out = p.applyAll(series);
        for (int j = 0; j < series.featureCount(); j++) {
            final int f = j;
            double mean = out.stream().mapToDouble(v -> v[f]).average().orElseThrow();
            double var = out.stream().mapToDouble(v -> (v[f] - mean) * (v[f] - mean)).average().orElseThrow();
            assertThat(mean).isBetween(-1e-9, 1e-9);
            // A constant feature is left unscaled (spread 0), any other has unit variance.
            assertThat(var).satisfiesAnyOf(v -> assertThat(v).isBetween(1 - 1e-9, 1 + 1e-9),
                    v -> assertThat(v).isEqualTo(0.0));
        }
    }

    @Provide
    Arbitrary<TransformSpec> normalisers() {
        return Arbitraries.of(TransformSpec.zscore(), TransformSpec.robust(), TransformSpec.ewm(0.1, 0, 1.0),
                TransformSpec.ewm(0.5, 3, 1e-3));
    }
}
