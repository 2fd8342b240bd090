package dev.blip.core.bucket;

import dev.blip.core.event.Event;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts events per key per bucket. Events may arrive in any order and in any grouping: the
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
    private final Map<String, TreeMap<Long, double[]>> byKey = new HashMap<>();
    private long lastBucket = Long.MIN_VALUE;
    private long events;

    public Bucketer(BucketInterval interval, FeatureSpec features) {
        this.interval = interval;
        this.features = features;
    }

    public void add(Event event) {
        long start = interval.bucketStart(event.timestampMillis());
        double[] counts = byKey.computeIfAbsent(event.key(), k -> new TreeMap<>())
                .computeIfAbsent(start, s -> new double[features.size()]);
        features.count(counts, event.category());
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
        for (Map.Entry<String, TreeMap<Long, double[]>> e : byKey.entrySet()) {
            TreeMap<Long, double[]> buckets = e.getValue();
            long first = buckets.firstKey();
            int length = Math.toIntExact((lastBucket - first) / interval.millis() + 1);
            double[][] values = new double[length][features.size()];
            for (Map.Entry<Long, double[]> b : buckets.entrySet()) {
                int t = (int) ((b.getKey() - first) / interval.millis());
                System.arraycopy(b.getValue(), 0, values[t], 0, features.size());
            }
            out.put(e.getKey(), new CountSeries(e.getKey(), interval, first, features, values));
        }
        return out;
    }
}
