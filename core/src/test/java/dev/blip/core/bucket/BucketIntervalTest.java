package dev.blip.core.bucket;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketIntervalTest {

    @Test
    void parsesEveryUnit() {
        assertThat(BucketInterval.parse("500ms").millis()).isEqualTo(500);
        assertThat(BucketInterval.parse("30s").millis()).isEqualTo(30_000);
        assertThat(BucketInterval.parse("5m").millis()).isEqualTo(300_000);
        assertThat(BucketInterval.parse(" 1H ").millis()).isEqualTo(3_600_000);
        assertThat(BucketInterval.parse("1d").millis()).isEqualTo(86_400_000);
    }

    @Test
    void printsTheLargestWholeUnitAndParsesItBack() {
        for (String text : new String[] {"500ms", "90s", "5m", "2h", "1d", "1500ms"}) {
            BucketInterval i = BucketInterval.parse(text);
            assertThat(BucketInterval.parse(i.toString())).isEqualTo(i);
        }
        assertThat(BucketInterval.parse("60s")).hasToString("1m");
        assertThat(BucketInterval.parse("1500ms")).hasToString("1500ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "m", "m5", "-5m", "5 m", "5w", "1.5h", "five minutes", "5mm"})
    void refusesTextThatIsNotAnInterval(String text) {
        assertThatThrownBy(() -> BucketInterval.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket interval")
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void refusesNullZeroAndOverflow() {
        assertThatThrownBy(() -> BucketInterval.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket interval");
        assertThatThrownBy(() -> BucketInterval.parse("0s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        // Overflowing numbers are bad input like any other, not an ArithmeticException.
        assertThatThrownBy(() -> BucketInterval.parse("99999999999999999999m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket interval");
        assertThatThrownBy(() -> BucketInterval.parse("999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket interval");
        assertThatThrownBy(() -> new BucketInterval(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void alignsNegativeTimestampsDownwards() {
        BucketInterval m = BucketInterval.parse("1m");
        assertThat(m.bucketStart(-1)).isEqualTo(-60_000);
        assertThat(m.bucketStart(-60_000)).isEqualTo(-60_000);
        assertThat(m.bucketStart(-60_001)).isEqualTo(-120_000);
        assertThat(m.bucketStart(0)).isZero();
        assertThat(m.bucketStart(59_999)).isZero();
    }

    @Property(tries = 500)
    void bucketStartIsAlignedAndHoldsTheTimestamp(@ForAll @LongRange(min = -1L << 50, max = 1L << 50) long ts,
                                                 @ForAll @LongRange(min = 1, max = 10_000_000) long width) {
        BucketInterval i = new BucketInterval(width);
        long start = i.bucketStart(ts);
        assertThat(Math.floorMod(start, width)).isZero();
        assertThat(start).isLessThanOrEqualTo(ts);
        assertThat(ts - start).isLessThan(width);
        assertThat(i.bucketStart(start)).isEqualTo(start);
    }

    @Test
    void infersTheMedianSpacingIgnoringDuplicatesOrderAndAFewGaps() {
        long[] ts = {600_000, 0, 60_000, 60_000, 120_000, 180_000, 240_000, -60_000};
        assertThat(BucketInterval.inferFrom(ts)).isEqualTo(BucketInterval.parse("1m"));
        long[] negative = {-300_000, -600_000, -900_000};
        assertThat(BucketInterval.inferFrom(negative)).isEqualTo(BucketInterval.parse("5m"));
    }

    @Test
    void refusesToInferFromFewerThanTwoDistinctTimestamps() {
        assertThatThrownBy(() -> BucketInterval.inferFrom(new long[] {5, 5, 5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two distinct timestamps");
        assertThatThrownBy(() -> BucketInterval.inferFrom(new long[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
