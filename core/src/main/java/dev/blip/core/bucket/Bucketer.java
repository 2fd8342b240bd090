package dev.blip.core.bucket;

import dev.blip.core.event.Event;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts events per key per bucket, each key through a {@link KeyBuckets} (as the scorer does). Events may arrive in any order and in any grouping: the
 * result depends only on the multiset of events, which is what lets a file, a Kafka topic and a
 * stream of single events produce the same buckets.
 *
 * <p>{@link #series()} lays every key out on one grid that runs from the key's first bucket to
 * the last bucket seen for <em>any</em> key; buckets without events are zeros, so a key that fell
 * silent before the end of the history shows that silence.
 */
public final class Bucketer {

    private final BucketInterval interval;
    private final FeatureSpec features;
    private final Map<String, KeyBuckets> byKey = new HashMap<>();
    private long lastBucket = Long.MIN_VALUE;
    private long events;

    public Bucketer(BucketInterval interval, FeatureSpec features) {
        this.interval = interval;
        this.features = features;
    }

    public void add(Event event) {
        long start = interval.bucketStart(event.timestampMillis());
        KeyBuckets buckets = byKey.computeIfAbsent(event.key(), k -> KeyBuckets.startingAt(start, interval.millis()));
        buckets.startAt(start, interval.millis());
        buckets.count(start, event.timestampMillis(), features, event.category());
        lastBucket = Math.max(lastBucket, start);
        events++;
    }

    public void addAll(Iterable<Event> all) {
        for (Event e : all) {
            add(e);
        }
    }

    public long eventCount() {
        return events;
    }

    /** Dense series for every key, ordered by key. */
    public Map<String, CountSeries> series() {
        Map<String, CountSeries> out = new TreeMap<>();
        double[] zeros = new double[features.size()];
        for (Map.Entry<String, KeyBuckets> e : byKey.entrySet()) {
            KeyBuckets buckets = e.getValue().copy();
            long first = buckets.lastClosed() + interval.millis();
            int length = Math.toIntExact((lastBucket - first) / interval.millis() + 1);
            double[][] values = new double[length][];
            buckets.close(lastBucket, interval.millis(), Long.MAX_VALUE, Integer.MAX_VALUE, zeros,
                    (start, counts) -> values[(int) ((start - first) / interval.millis())] = counts.clone());
            out.put(e.getKey(), new CountSeries(e.getKey(), interval, first, features, values));
        }
        return out;
    }
}
