package dev.blip.core.testkit;

import dev.blip.core.bucket.CountSeries;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestTrafficTest {

    @Test
    void timeBaseIsMidnightOfNovember15With5MinuteBuckets() {
        assertThat(TestTime.START).isEqualTo(Instant.parse("2023-11-15T00:00:00Z").toEpochMilli());
        assertThat(TestTime.INTERVAL.millis()).isEqualTo(TestTime.BUCKET).isEqualTo(300_000L);
        assertThat(TestTime.bucket(3)).isEqualTo(Instant.parse("2023-11-15T00:15:00Z").toEpochMilli());
    }

    @Test
    void steadyTrafficIsSeededJitteredTimeOrderedAndInsideItsBuckets() {
        List<long[]> seen = new ArrayList<>();
        Map<String, int[]> perBucket = new HashMap<>();
        new TestTraffic(4).steady((key, ts) -> {
            int t = (int) ((ts - TestTime.START) / TestTime.BUCKET);
            perBucket.computeIfAbsent(key, k -> new int[12])[t]++;
            seen.add(new long[] {key.hashCode(), ts});
        }, 2, 12, 200, "a", "b");
        for (int t = 0; t < 12; t++) {
            for (String key : List.of("a", "b")) {
                int n = perBucket.get(key)[t];
                assertThat(n).as("%s bucket %d", key, t).isBetween(t < 2 ? 0 : 188, t < 2 ? 0 : 212);
            }
        }
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)[1]).isGreaterThanOrEqualTo(seen.get(i - 1)[1]);
        }
        List<long[]> again = new ArrayList<>();
        new TestTraffic(4).steady((key, ts) -> again.add(new long[] {key.hashCode(), ts}), 2, 12, 200, "a", "b");
        assertThat(again).usingRecursiveFieldByFieldElementComparator().isEqualTo(seen);
        assertThat(perBucket.get("a")).isNotEqualTo(perBucket.get("b"));
    }

    @Test
    void countsCanBeSilencedAndScaledAndBecomeASeries() {
        double[] c = new TestTraffic(1).counts(100, 20);
        assertThat(java.util.Arrays.stream(c)).allSatisfy(v -> assertThat(v).isBetween(94.0, 106.0));
        double spiked = c[5] * 5;
        TestTraffic.scale(c, 5, 6, 5);
        TestTraffic.silence(c, 15, 20);
        assertThat(c[5]).isEqualTo(spiked);
        assertThat(c).endsWith(0, 0, 0, 0, 0);
        CountSeries s = TestTraffic.series("k", c);
        assertThat(s.bucketStart(5)).isEqualTo(TestTime.bucket(5));
        assertThat(s.values()[5][0]).isEqualTo(spiked);
    }

    @Test
    void bucketEventsRefuseMoreEventsThanSlots() {
        assertThatThrownBy(() -> TestTraffic.bucketEvents((k, ts) -> { }, 0, List.of("a"), new int[] {3}, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syntheticTrafficStartsAtTheTestStart() {
        var r = TestTraffic.synthetic(2, 60, 5, 50, 48, 1, 20, 3L);
        assertThat(r.series()).hasSize(2).allSatisfy(s -> {
            assertThat(s.bucketStart(0)).isEqualTo(TestTime.START);
            assertThat(s.interval()).isEqualTo(TestTime.INTERVAL);
        });
        assertThat(r.truth()).hasSize(1);
    }
}
