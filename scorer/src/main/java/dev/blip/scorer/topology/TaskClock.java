package dev.blip.scorer.topology;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's notion of time, persisted in its own store (so it is restored with the task and is
 * part of the same transaction as the key states): the event-time watermark (newest valid event
 * time seen) and the last bucket start closed for every key of the task. In memory only: the
 * wall-clock time at which the watermark last advanced, used to extrapolate it during silence.
 * While a large close is spread over several punctuations, also the bucket it is closing to.
 */
final class TaskClock {

    private static final String WATERMARK = "watermark";
    private static final String CLOSED = "closed-through";
    private static final String TARGET = "closing-through";

    private final KeyValueStore<String, Long> store;
    private long watermark;
    private long closedThrough;
    private long target;
    private long wallAtWatermark;

    TaskClock(KeyValueStore<String, Long> store, long wallNow) {
        this.store = store;
        Long w = store.get(WATERMARK);
        Long c = store.get(CLOSED);
        Long g = store.get(TARGET);
        this.watermark = w == null ? Long.MIN_VALUE : w;
        this.closedThrough = c == null ? Long.MIN_VALUE : c;
        this.target = g == null ? this.closedThrough : g;
        this.wallAtWatermark = wallNow;
    }

    boolean known() {
        return watermark != Long.MIN_VALUE;
    }

    long watermark() {
        return watermark;
    }

    long closedThrough() {
        return closedThrough;
    }

    /**
     * The last bucket start a close is under way to: above {@link #closedThrough()} while a backlog
     * (a jump of event time) is being closed over several punctuations. Keys may be closed up to it,
     * so buckets up to it are sealed.
     */
    long target() {
        return target;
    }

    boolean behind() {
        return target > closedThrough;
    }

    void closing(long bucketStart) {
        if (bucketStart > target) {
            target = bucketStart;
            store.put(TARGET, bucketStart);
        }
    }

    void observe(long eventTime, long wallNow) {
        if (eventTime > watermark) {
            watermark = eventTime;
            wallAtWatermark = wallNow;
            store.put(WATERMARK, eventTime);
        }
    }

    /** The watermark moved on by the wall-clock time that passed since it last advanced. */
    long extrapolated(long wallNow) {
        return watermark + Math.max(0, wallNow - wallAtWatermark);
    }

    void closed(long bucketStart) {
        closedThrough = bucketStart;
        store.put(CLOSED, bucketStart);
        closing(bucketStart);
    }
}
