package dev.blip.core.bucket;

import dev.blip.core.event.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BucketerPropertiesTest {

    private static final FeatureSpec FEATURES = FeatureSpec.forEvents(List.of("GET", "POST"));

    @Provide
    Arbitrary<List<Event>> events() {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "c");
        // Negative timestamps too: buckets are floor-aligned, not truncated towards zero.
        Arbitrary<Long> times = Arbitraries.longs().between(-3_600_000L, 3_600_000L);
        Arbitrary<String> categories = Arbitraries.of("GET", "POST", "PUT").injectNull(0.2);
        return Combinators.combine(keys, times, categories).as(Event::new).list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 200)
    void countsSumToTheNumberOfEvents(@ForAll("events") List<Event> events, @ForAll("intervals") BucketInterval interval) {
        Bucketer bucketer = new Bucketer(interval, FEATURES);
        bucketer.addAll(events);
        Map<String, CountSeries> series = bucketer.series();

        assertThat(bucketer.eventCount()).isEqualTo(events.size());
        double total = series.values().stream().mapToDouble(s -> s.sum(0)).sum();
        assertThat(total).isEqualTo(events.size());
        for (CountSeries s : series.values()) {
            assertThat(s.sum(0)).isEqualTo(events.stream().filter(e -> e.key().equals(s.key())).count());
            assertThat(s.sum(1)).isEqualTo(count(events, s.key(), "GET"));
            assertThat(s.sum(2)).isEqualTo(count(events, s.key(), "POST"));
        }
    }

    @Property(tries = 200)
    void everyEventLandsInTheBucketHoldingItsTimestamp(@ForAll("events") List<Event> events,
                                                       @ForAll("intervals") BucketInterval interval) {
        Bucketer bucketer = new Bucketer(interval, FEATURES);
        bucketer.addAll(events);
        Map<String, CountSeries> series = bucketer.series();
        for (Event e : events) {
            CountSeries s = series.get(e.key());
            int t = (int) ((interval.bucketStart(e.timestampMillis()) - s.startMillis()) / interval.millis());
            long expected = events.stream().filter(o -> o.key().equals(e.key())
                    && interval.bucketStart(o.timestampMillis()) == interval.bucketStart(e.timestampMillis())).count();
            assertThat(s.values()[t][0]).isEqualTo(expected);
            assertThat(s.bucketStart(t)).isLessThanOrEqualTo(e.timestampMillis());
            assertThat(s.bucketStart(t) + interval.millis()).isGreaterThan(e.timestampMillis());
        }
    }

    @Property(tries = 200)
    void oneByOneShuffledOrAllAtOnceGiveTheSameBuckets(@ForAll("events") List<Event> events,
                                                       @ForAll("intervals") BucketInterval interval,
                                                       @ForAll long seed) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(Event::timestampMillis));
        Bucketer allAtOnce = new Bucketer(interval, FEATURES);
        allAtOnce.addAll(sorted);

        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed));
        Bucketer oneByOne = new Bucketer(interval, FEATURES);
        for (Event e : shuffled) {
            oneByOne.add(e);
        }

        assertThat(oneByOne.series()).isEqualTo(allAtOnce.series());
    }

    @Property(tries = 100)
    void seriesRunFromTheKeysFirstBucketToTheLastBucketOfAnyKey(@ForAll("events") List<Event> events,
                                                                @ForAll @IntRange(min = 1, max = 600) int seconds) {
        BucketInterval interval = new BucketInterval(seconds * 1000L);
        Bucketer bucketer = new Bucketer(interval, FEATURES);
        bucketer.addAll(events);
        long last = events.stream().mapToLong(e -> interval.bucketStart(e.timestampMillis())).max().orElseThrow();
        for (CountSeries s : bucketer.series().values()) {
            long first = events.stream().filter(e -> e.key().equals(s.key()))
                    .mapToLong(e -> interval.bucketStart(e.timestampMillis())).min().orElseThrow();
            assertThat(s.startMillis()).isEqualTo(first);
            assertThat(s.bucketStart(s.length() - 1)).isEqualTo(last);
        }
    }

    @Provide
    Arbitrary<BucketInterval> intervals() {
        return Arbitraries.of("1s", "7s", "1m", "5m", "17m", "1h").map(BucketInterval::parse);
    }

    private static long count(List<Event> events, String key, String category) {
        return events.stream().filter(e -> e.key().equals(key) && category.equals(e.category())).count();
    }
}
