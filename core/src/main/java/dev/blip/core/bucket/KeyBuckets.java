package dev.blip.core.bucket;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * One key's buckets: the counts of the buckets still open, where its closed series ends, and
 * closing in order with zeros for silent buckets. This is the only bucketing code: the trainer's
 * {@link Bucketer} closes every key's history through it and the scorer keeps one per key between
 * events; what differs is policy (the scorer's TTL, how many buckets one call may close).
 *
 * <p>Counts are sums of finite, non-negative values. A sum that would leave
 * {@code [0, }{@link #MAX_COUNT}{@code ]} (overflow, or a value that is not a count) is refused
 * before anything changes, so no later arithmetic ever sees an infinite or NaN count.
 *
 * <p>Saved form ({@link #toBytes()}): a format byte ({@value #FORMAT}), the last closed bucket,
 * the last closed bucket that had events, the newest event time, the feature count and the open
 * buckets (start, counts).
 */
public final class KeyBuckets {

    /** The largest count sum kept: 2^53, beyond which a double no longer holds every integer. */
    public static final double MAX_COUNT = 0x1p53;
    static final int FORMAT = 1;
    private static final int MAX_OPEN = 1 << 16;

    private final TreeMap<Long, double[]> open = new TreeMap<>();
    private long lastClosed;
    private long lastCounted;
    private long lastEvent;

    private KeyBuckets(long lastClosed, long lastCounted, long lastEvent) {
        this.lastClosed = lastClosed;
        this.lastCounted = lastCounted;
        this.lastEvent = lastEvent;
    }

    /** A key whose series starts at {@code firstBucketStart}: nothing before it is closed or counted. */
    public static KeyBuckets startingAt(long firstBucketStart, long intervalMillis) {
        long before = firstBucketStart - intervalMillis;
        return new KeyBuckets(before, before, firstBucketStart);
    }

    /** Start of the last closed bucket. */
    public long lastClosed() {
        return lastClosed;
    }

    /** Start of the last closed bucket that had events (silence is measured from its end). */
    public long lastCounted() {
        return lastCounted;
    }

    /** The newest event time counted. */
    public long lastEvent() {
        return lastEvent;
    }

    /** The open buckets, by start (read-only use). */
    public Map<Long, double[]> open() {
        return open;
    }

    public boolean hasOpen() {
        return !open.isEmpty();
    }

    /** Values per open bucket, or -1 when none is open. */
    public int openWidth() {
        Map.Entry<Long, double[]> first = open.firstEntry();
        return first == null ? -1 : first.getValue().length;
    }

    /** Moves the series' first bucket back to {@code bucketStart}; only for a key nothing of which was closed yet. */
    public void startAt(long bucketStart, long intervalMillis) {
        if (bucketStart - intervalMillis < lastClosed) {
            lastClosed = bucketStart - intervalMillis;
            lastCounted = Math.min(lastCounted, lastClosed);
        }
    }

    /** Counts one event of {@code category} ({@code null}: uncategorised) into the bucket at {@code bucketStart}. */
    public void count(long bucketStart, long eventTime, FeatureSpec features, String category) {
        double[] counts = open.get(bucketStart);
        if (counts == null) {
            counts = new double[features.size()];
            put(bucketStart, eventTime, counts);
        }
        for (int f = 0; f < counts.length; f++) {
            if (counts[f] >= MAX_COUNT) {
                // checked before counting (an event adds 1; 2^53 + 1 would round back to 2^53): nothing changes
                throw new CountOverflowException(f, counts[f], 1);
            }
        }
        features.count(counts, category);
        lastEvent = Math.max(lastEvent, eventTime);
    }

    /**
     * Adds pre-aggregated values (one per feature) to the bucket at {@code bucketStart}.
     *
     * @throws CountOverflowException when a value is not a count (negative, NaN, infinite) or a sum
     *         would exceed {@link #MAX_COUNT}; nothing is changed
     */
    public void add(long bucketStart, long eventTime, double[] values) {
        double[] counts = open.get(bucketStart);
        double[] next = counts == null ? new double[values.length] : counts.clone();
        if (next.length != values.length) {
            throw new IllegalArgumentException(values.length + " values for a bucket of " + next.length + " features");
        }
        for (int f = 0; f < next.length; f++) {
            double sum = next[f] + values[f];
            if (!(values[f] >= 0 && sum <= MAX_COUNT)) {
                throw new CountOverflowException(f, next[f], values[f]);
            }
            next[f] = sum;
        }
        put(bucketStart, eventTime, next);
    }

    private void put(long bucketStart, long eventTime, double[] next) {
        if (!open.containsKey(bucketStart) && open.size() >= MAX_OPEN) {
            throw new IllegalStateException("a key may have at most " + MAX_OPEN + " open buckets");
        }
        open.put(bucketStart, next);
        lastEvent = Math.max(lastEvent, eventTime);
    }

    /**
     * Moves this copy's closed position up to {@code bucketStart}, forgetting its open buckets up to
     * there: for a copy of the open buckets kept apart from the closed series, whose closing the
     * caller knows of (they were taken over by {@link #absorb} and closed there). Nothing before the
     * new position counts as counted either, as for {@link #startingAt}.
     *
     * @return how many open buckets were forgotten
     */
    public int forgetThrough(long bucketStart) {
        int forgotten = 0;
        while (!open.isEmpty() && open.firstKey() <= bucketStart) {
            open.pollFirstEntry();
            forgotten++;
        }
        lastClosed = Math.max(lastClosed, bucketStart);
        lastCounted = Math.max(lastCounted, bucketStart);
        return forgotten;
    }

    /**
     * Takes over another copy's open buckets (summing where both have one) and newest event time.
     * Buckets this copy has already closed cannot be taken over: they are dropped.
     *
     * @return open buckets dropped because they were already closed here
     */
    public int absorb(KeyBuckets other) {
        int dropped = 0;
        for (Map.Entry<Long, double[]> e : other.open.entrySet()) {
            if (e.getKey() <= lastClosed) {
                dropped++;
            } else if (open.containsKey(e.getKey())) {
                add(e.getKey(), other.lastEvent, e.getValue());
            } else {
                open.put(e.getKey(), e.getValue().clone());
            }
        }
        lastEvent = Math.max(lastEvent, other.lastEvent);
        return dropped;
    }

    /** An independent copy. */
    public KeyBuckets copy() {
        KeyBuckets b = withoutOpen();
        open.forEach((start, counts) -> b.open.put(start, counts.clone()));
        return b;
    }

    /** A copy with the same closed position and no open buckets. */
    public KeyBuckets withoutOpen() {
        return new KeyBuckets(lastClosed, lastCounted, lastEvent);
    }

    /** Where closed buckets go, in order. */
    public interface Sink {
        /** The bucket at {@code start} is closed with these counts (zeros when it had no events; do not keep the array). */
        void bucket(long start, double[] counts);

        /** Buckets in {@code [from, to)} were skipped: a silence longer than the caller's limit. */
        default void gap(long from, long to) {
        }
    }

    /**
     * Closes the buckets after {@link #lastClosed()} up to and including {@code through}, in
     * order, each exactly once, at most {@code maxBuckets} of them (the rest stay for the next
     * call). A silent bucket ending a silence longer than {@code maxSilenceMillis} (measured from
     * the end of the last bucket that had events) is not filled: the silence up to the next bucket
     * with events, or past {@code through}, is reported as one {@link Sink#gap} instead.
     *
     * @return buckets closed (gaps not included)
     */
    public int close(long through, long intervalMillis, long maxSilenceMillis, int maxBuckets, double[] zeros, Sink sink) {
        int closed = 0;
        while (lastClosed < through && closed < maxBuckets) {
            long b = lastClosed + intervalMillis;
            double[] counts = open.remove(b);
            if (counts == null && b - lastCounted > maxSilenceMillis) {
                Long next = open.ceilingKey(b);
                long resume = next == null || next > through ? through + intervalMillis : next;
                sink.gap(b, resume);
                lastClosed = resume - intervalMillis;
                continue;
            }
            if (counts != null) {
                lastCounted = b;
            }
            sink.bucket(b, counts == null ? zeros : counts);
            lastClosed = b;
            closed++;
        }
        return closed;
    }

    /** Bytes of the saved form ({@link #toBytes()}). */
    public int byteSize() {
        int features = open.isEmpty() ? 0 : open.firstEntry().getValue().length;
        return 1 + 3 * 8 + 2 * 4 + open.size() * (8 + 8 * features);
    }

    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(byteSize());
        writeTo(out);
        return out.array();
    }

    /** Writes the saved form ({@link #byteSize()} bytes) at the buffer's position. */
    public void writeTo(ByteBuffer out) {
        int features = open.isEmpty() ? 0 : open.firstEntry().getValue().length;
        out.put((byte) FORMAT).putLong(lastClosed).putLong(lastCounted).putLong(lastEvent);
        out.putInt(open.size()).putInt(features);
        for (Map.Entry<Long, double[]> e : open.entrySet()) {
            out.putLong(e.getKey());
            for (double v : e.getValue()) {
                out.putDouble(v);
            }
        }
    }

    /** @throws IllegalArgumentException when the bytes are not key buckets of a known format */
    public static KeyBuckets fromBytes(byte[] data) {
        return readFrom(ByteBuffer.wrap(data), data.length);
    }

    /**
     * Reads a saved form of exactly {@code size} bytes at the buffer's position.
     *
     * @throws IllegalArgumentException when those bytes are not key buckets of a known format
     */
    public static KeyBuckets readFrom(ByteBuffer in, int size) {
        try {
            int format = in.get();
            if (format != FORMAT) {
                throw new IllegalArgumentException("key buckets format " + format + " is not supported (expected " + FORMAT + ")");
            }
            KeyBuckets b = new KeyBuckets(in.getLong(), in.getLong(), in.getLong());
            int n = in.getInt();
            int features = in.getInt();
            if (n < 0 || n > MAX_OPEN || features < 0 || 33L + (long) n * (8 + 8L * features) != size) {
                throw new IllegalArgumentException("corrupt key buckets: " + n + " open buckets of " + features + " features in "
                        + size + " bytes");
            }
            for (int i = 0; i < n; i++) {
                long start = in.getLong();
                double[] counts = new double[features];
                for (int f = 0; f < features; f++) {
                    counts[f] = in.getDouble();
                    if (!(counts[f] >= 0 && counts[f] <= MAX_COUNT)) {
                        throw new IllegalArgumentException("corrupt key buckets: count " + counts[f] + " of bucket " + start);
                    }
                }
                b.open.put(start, counts);
            }
            return b;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("corrupt key buckets: " + size + " bytes end early", e);
        }
    }

    /** Reads an older saved form's fields (the scorer's key state before the split); counts are checked as {@link #fromBytes} does. */
    public static KeyBuckets restore(long lastClosed, long lastCounted, long lastEvent, Map<Long, double[]> open) {
        KeyBuckets b = new KeyBuckets(lastClosed, lastCounted, lastEvent);
        for (Map.Entry<Long, double[]> e : open.entrySet()) {
            for (double v : e.getValue()) {
                if (!(v >= 0 && v <= MAX_COUNT)) {
                    throw new IllegalArgumentException("corrupt key buckets: count " + v + " of bucket " + e.getKey());
                }
            }
            b.open.put(e.getKey(), e.getValue());
        }
        return b;
    }

    /** A value that is not a count (negative, NaN, infinite), or a sum above {@link #MAX_COUNT}. */
    public static final class CountOverflowException extends IllegalArgumentException {
        CountOverflowException(int feature, double count, double value) {
            super("feature " + feature + ": adding " + value + " to its bucket's count " + count + " is refused; a value must be"
                    + " a finite count >= 0 and a bucket's count must stay in [0, " + (long) MAX_COUNT + "]");
        }
    }
}
