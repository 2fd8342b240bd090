package dev.blip.core.bucket;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SeriesResamplerTest {

    private static final BucketInterval MINUTE = BucketInterval.parse("1m");
    private static final FeatureSpec ONE = FeatureSpec.single("value");

    private static SeriesResampler.Result resample(MissingPolicy policy, long[] ts, double... values) {
        double[][] rows = Arrays.stream(values).mapToObj(v -> new double[] {v}).toArray(double[][]::new);
        return new SeriesResampler(MINUTE, policy).resample("k", ONE, ts, rows);
    }

    private static double[] column(CountSeries s) {
        return Arrays.stream(s.values()).mapToDouble(r -> r[0]).toArray();
    }

    @Test
    void zeroSumsRowsSharingABucketAndZeroFillsGaps() {
        SeriesResampler.Result r = resample(MissingPolicy.ZERO, new long[] {0, 30_000, 59_999, 180_000}, 1, 2, 3, 7);
        assertThat(column(r.series())).containsExactly(6, 0, 0, 7);
        assertThat(r.series().startMillis()).isZero();
        assertThat(r.rowBucket()).containsExactly(0, 0, 0, 3);
        assertThat(r.sharedBuckets()).isEqualTo(2);
        assertThat(r.filledBuckets()).isEqualTo(2);
        assertThat(r.outOfOrderRows()).isZero();
    }

    @Test
    void previousCarriesTheLastValueAndAveragesDuplicates() {
        SeriesResampler.Result r = resample(MissingPolicy.PREVIOUS, new long[] {0, 10_000, 180_000, 240_000}, 2, 4, 8, 1);
        assertThat(column(r.series())).containsExactly(3, 3, 3, 8, 1);
        assertThat(r.filledBuckets()).isEqualTo(2);
        assertThat(r.sharedBuckets()).isEqualTo(1);
    }

    @Test
    void linearInterpolatesBetweenObservedBuckets() {
        SeriesResampler.Result r = resample(MissingPolicy.LINEAR, new long[] {0, 240_000, 300_000}, 2, 10, 4);
        assertThat(column(r.series())).containsExactly(2, 4, 6, 8, 10, 4);
        assertThat(r.filledBuckets()).isEqualTo(3);
    }

    @Test
    void countsOutOfOrderRowsAndStillPlacesThem() {
        SeriesResampler.Result r = resample(MissingPolicy.ZERO, new long[] {120_000, 0, 60_000, 30_000}, 5, 1, 2, 3);
        assertThat(r.outOfOrderRows()).isEqualTo(2);
        assertThat(r.rowBucket()).containsExactly(2, 0, 1, 0);
        assertThat(column(r.series())).containsExactly(4, 2, 5);
    }

    @Test
    void negativeTimestampsAlignDownwards() {
        SeriesResampler.Result r = resample(MissingPolicy.ZERO, new long[] {-90_000, -1, 0}, 1, 2, 3);
        assertThat(r.series().startMillis()).isEqualTo(-120_000);
        assertThat(r.rowBucket()).containsExactly(0, 1, 2);
    }

    @Test
    void refusesMismatchedOrEmptyInput() {
        SeriesResampler z = new SeriesResampler(MINUTE, MissingPolicy.ZERO);
        assertThatThrownBy(() -> z.resample("k", ONE, new long[] {0, 1}, new double[][] {{1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 timestamps but 1 rows");
        assertThatThrownBy(() -> z.resample("k", ONE, new long[0], new double[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k' has no rows");
    }

    @Provide
    Arbitrary<long[]> timestamps() {
        return Arbitraries.longs().between(-1_000_000, 1_000_000).array(long[].class).ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void rowsLandInTheirBucketAndZeroKeepsTheTotal(@ForAll("timestamps") long[] ts,
                                                  @ForAll @IntRange(min = 1, max = 120) int seconds,
                                                  @ForAll("policies") MissingPolicy policy) {
        BucketInterval interval = new BucketInterval(seconds * 1000L);
        FeatureSpec two = new FeatureSpec(List.of("a", "b"));
        double[][] rows = new double[ts.length][];
        for (int i = 0; i < ts.length; i++) {
            rows[i] = new double[] {i + 1, 2.0 * (i % 3)};
        }
        SeriesResampler.Result r = new SeriesResampler(interval, policy).resample("k", two, ts, rows);
        CountSeries s = r.series();

        long distinct = Arrays.stream(ts).map(interval::bucketStart).distinct().count();
        long min = Arrays.stream(ts).map(interval::bucketStart).min().orElseThrow();
        long max = Arrays.stream(ts).map(interval::bucketStart).max().orElseThrow();
        assertThat(s.startMillis()).isEqualTo(min);
        assertThat(s.bucketStart(s.length() - 1)).isEqualTo(max);
        assertThat(r.filledBuckets()).isEqualTo(s.length() - distinct);
        assertThat(r.sharedBuckets()).isEqualTo(ts.length - distinct);
        int outOfOrder = 0;
        for (int i = 0; i < ts.length; i++) {
            long start = s.bucketStart(r.rowBucket()[i]);
            assertThat(start).isLessThanOrEqualTo(ts[i]);
            assertThat(ts[i] - start).isLessThan(interval.millis());
            outOfOrder += i > 0 && ts[i] < ts[i - 1] ? 1 : 0;
        }
        assertThat(r.outOfOrderRows()).isEqualTo(outOfOrder);
        if (policy == MissingPolicy.ZERO) {
            assertThat(s.sum(0)).isCloseTo(Arrays.stream(rows).mapToDouble(v -> v[0]).sum(), within(1e-9));
            assertThat(s.sum(1)).isCloseTo(Arrays.stream(rows).mapToDouble(v -> v[1]).sum(), within(1e-9));
        } else {
            // Gauges: every value lies within the range of the observed rows.
            for (double[] v : s.values()) {
                assertThat(v[0]).isBetween(1.0, (double) ts.length);
            }
        }
    }

    @Provide
    Arbitrary<MissingPolicy> policies() {
        return Arbitraries.of(MissingPolicy.class);
    }
}
