package dev.blip.core.window;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.transform.ChannelPipeline;
import dev.blip.core.transform.TransformPipeline;
import dev.blip.core.transform.TransformSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowPropertiesTest {

    @Provide
    Arbitrary<CountSeries> series() {
        Arbitrary<Integer> features = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> lengths = Arbitraries.integers().between(1, 80);
        Arbitrary<Long> starts = Arbitraries.longs().between(-10_000, 10_000);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(features, lengths, starts, seeds).as((f, n, start, seed) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[][] v = new double[n][f];
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < f; j++) {
                    v[t][j] = rnd.nextInt(rnd.nextBoolean() ? 10 : 10_000);
                }
            }
            List<String> names = new ArrayList<>();
            for (int j = 0; j < f; j++) {
                names.add("f" + j);
            }
            return new CountSeries("k", BucketInterval.parse("1m"), start * 60_000L, new FeatureSpec(names), v);
        });
    }

    @Provide
    Arbitrary<List<TransformSpec>> pipelines() {
        return Arbitraries.of(
                List.of(),
                List.of(TransformSpec.difference()),
                List.of(TransformSpec.difference(), TransformSpec.zscore()),
                List.of(TransformSpec.difference(), TransformSpec.ewm(0.05, 8, 1.0)),
                List.of(TransformSpec.seasonalDifference(4), TransformSpec.ewm(0.2, 3, 1.0)));
    }

    private static TransformPipeline fitted(List<TransformSpec> specs, CountSeries s) {
        // Global normalisers need training data; windows tests fit them on a fixed series so that
        // short generated series (fewer outputs than buckets) still get a valid pipeline.
        double[][] v = new double[20][s.featureCount()];
        for (int t = 0; t < v.length; t++) {
            for (int j = 0; j < v[t].length; j++) {
                v[t][j] = (t * 7 + j * 3) % 11;
            }
        }
        CountSeries training = new CountSeries("fit", s.interval(), 0L, s.features(), v);
        return new TransformPipeline(TransformPipeline.fit(specs, List.of(training)), s.featureCount());
    }

    @Property(tries = 300)
    void everyWindowIsTheSliceOfTheSeriesItCameFrom(@ForAll("series") CountSeries series,
                                                    @ForAll("pipelines") List<TransformSpec> specs,
                                                    @ForAll @IntRange(min = 2, max = 8) int length) {
        TransformPipeline pipeline = fitted(specs, series);
        WindowAssembler assembler = new WindowAssembler(ChannelPipeline.of(pipeline.specs(), series.featureCount()), length);
        List<Window> windows = assembler.windows(series);

        int outputs = pipeline.applyAll(series).size();
        assertThat(windows).hasSize((int) Math.max(0, outputs - assembler.readyAfter() + 1));
        long width = series.interval().millis();
        for (Window w : windows) {
            int end = (int) ((w.endBucketStart() - series.startMillis()) / width);
            assertThat(w.firstBucketStart()).isEqualTo(series.bucketStart(end - length + 1));
            assertThat(w.actual()).isDeepEqualTo(series.slice(end - length + 1, end + 1).values());
            // The input is the pipeline run over the series up to the window's end (fresh state),
            // last `length` outputs, laid out feature-major.
            List<double[]> upToEnd = pipeline.applyAll(series.slice(0, end + 1));
            List<double[]> tail = upToEnd.subList(upToEnd.size() - length, upToEnd.size());
            for (int t = 0; t < length; t++) {
                for (int j = 0; j < w.features(); j++) {
                    assertThat(w.value(j, t)).isEqualTo((float) tail.get(t)[j]);
                    double back = w.toCount(t, j, tail.get(t)[j]);
                    assertThat(back).isCloseTo(w.actual()[t][j], within(1e-6));
                }
            }
        }
    }

    @Property(tries = 200)
    void strideKeepsEveryStrideThWindowStartingWithTheFirst(@ForAll("series") CountSeries series,
                                                           @ForAll @IntRange(min = 1, max = 5) int stride) {
        WindowAssembler assembler = new WindowAssembler(ChannelPipeline.of(fitted(List.of(TransformSpec.difference()), series).specs(), series.featureCount()), 4);
        List<Window> all = assembler.windows(series);
        List<Window> strided = assembler.windows(series, stride);
        assertThat(strided).hasSize((all.size() + stride - 1) / stride);
        for (int i = 0; i < strided.size(); i++) {
            assertThat(strided.get(i).endBucketStart()).isEqualTo(all.get(i * stride).endBucketStart());
        }
    }

    @Property(tries = 200)
    void savedKeyStateContinuesExactlyLikeTheLiveOne(@ForAll("series") CountSeries series,
                                                    @ForAll("pipelines") List<TransformSpec> specs,
                                                    @ForAll @IntRange(min = 2, max = 6) int length,
                                                    @ForAll @IntRange(min = 0, max = 80) int cutAt) {
        WindowAssembler assembler = new WindowAssembler(ChannelPipeline.of(fitted(specs, series).specs(), series.featureCount()), length);
        int cut = Math.min(cutAt, series.length());
        KeyWindowState live = assembler.newState();
        for (int t = 0; t < cut; t++) {
            assembler.push(live, "k", series.bucketStart(t), series.values()[t]);
        }
        byte[] saved = live.toBytes();
        KeyWindowState restored = KeyWindowState.fromBytes(saved);
        assertThat(restored.toBytes()).isEqualTo(saved);
        assertThat(restored.lastBucketStart()).isEqualTo(live.lastBucketStart());
        assertThat(restored.outputs()).isEqualTo(live.outputs());

        for (int t = cut; t < series.length(); t++) {
            Window a = assembler.push(live, "k", series.bucketStart(t), series.values()[t]);
            Window b = assembler.push(restored, "k", series.bucketStart(t), series.values()[t]);
            assertSameWindow(b, a);
        }
        assertThat(restored.toBytes()).isEqualTo(live.toBytes());
    }

    static void assertSameWindow(Window actual, Window expected) {
        if (expected == null) {
            assertThat(actual).isNull();
            return;
        }
        assertThat(actual).isNotNull();
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.endBucketStart()).isEqualTo(expected.endBucketStart());
        assertThat(actual.firstBucketStart()).isEqualTo(expected.firstBucketStart());
        assertThat(actual.input()).containsExactly(expected.input());
        assertThat(actual.invScale()).isDeepEqualTo(expected.invScale());
        assertThat(actual.invOffset()).isDeepEqualTo(expected.invOffset());
        assertThat(actual.actual()).isDeepEqualTo(expected.actual());
    }
}
