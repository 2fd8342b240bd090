package dev.blip.scorer.topology;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.event.ParsedRecord;
import dev.blip.core.window.KeyWindowState;
import dev.blip.core.window.Window;
import dev.blip.core.window.WindowAssembler;
import dev.blip.scorer.model.ServingModel;

import java.util.List;

/**
 * The per-key bucket logic for one serving model: counting into open buckets, and closing
 * buckets in order through {@link WindowAssembler#push} (zeros for silent intervals), which is
 * the same call the trainer's offline path makes for every bucket of a series.
 */
public final class KeyStates {

    /** Returned by {@link #close} when the key was silent for longer than the TTL. */
    public static final int EVICTED = -1;

    private final ServingModel model;
    private final WindowAssembler assembler;
    private final FeatureSpec features;
    private final long interval;
    /** A silent bucket; shared, the assembler copies what it is given. */
    private final double[] silence;
    private final long ttl;

    public KeyStates(ServingModel model, long ttlMillis) {
        this.model = model;
        this.assembler = model.bundle().assembler();
        this.features = model.bundle().features();
        this.interval = model.bundle().interval().millis();
        this.silence = new double[features.size()];
        this.ttl = ttlMillis;
    }

    public static KeyState restore(long signature, long lastClosed, long lastEvent, KeyWindowState window) {
        return new KeyState(signature, lastClosed, lastEvent, window);
    }

    public BucketInterval interval() {
        return model.bundle().interval();
    }

    /** A key seen for the first time: nothing before its first bucket is closed or counted. */
    public KeyState fresh(long firstBucketStart) {
        return new KeyState(model.stateSignature(), firstBucketStart - interval, firstBucketStart, assembler.newState());
    }

    /**
     * Makes a state built for another model usable with this one: the window state restarts
     * (the key warms up again), open counts survive when the feature layout is unchanged.
     *
     * @return true when the state was reset
     */
    public boolean conform(KeyState s) {
        if (s.signature == model.stateSignature()) {
            return false;
        }
        s.signature = model.stateSignature();
        s.window = assembler.newState();
        if (!s.open.isEmpty() && s.open.firstEntry().getValue().length != features.size()) {
            s.open.clear();
        }
        return true;
    }

    /** Moves a new key's first bucket back to {@code bucketStart} (nothing of the key was closed yet). */
    public void startAt(KeyState s, long bucketStart) {
        s.lastClosed = Math.min(s.lastClosed, bucketStart - interval);
    }

    /** Adds one parsed record (an event, or counts) to its open bucket. */
    public void add(KeyState s, ParsedRecord r) {
        long bucket = model.bundle().interval().bucketStart(r.timestampMillis());
        double[] counts = s.open.computeIfAbsent(bucket, b -> new double[features.size()]);
        if (r.values() == null) {
            features.count(counts, r.category());
        } else {
            for (int f = 0; f < counts.length; f++) {
                counts[f] += r.values()[f];
            }
        }
        s.lastEvent = Math.max(s.lastEvent, r.timestampMillis());
    }

    /**
     * Closes every bucket of the key up to and including {@code closeThrough}, in order, each
     * exactly once; windows that became ready are appended to {@code out}.
     *
     * @return buckets closed, or {@link #EVICTED} when the key was silent longer than the TTL
     *         (its state should be deleted rather than filled with zeros)
     */
    public int close(KeyState s, String key, long closeThrough, List<Window> out) {
        if (s.lastClosed >= closeThrough) {
            return 0;
        }
        if (closeThrough + interval - s.lastEvent > ttl && s.open.isEmpty()) {
            return EVICTED;
        }
        int closed = 0;
        long silent = 0;
        for (long b = s.lastClosed + interval; b <= closeThrough; b += interval) {
            double[] counts = s.open.remove(b);
            if (counts == null && ++silent * interval > ttl) {
                // Event time jumped past more silence than the TTL in one step: a run of zero buckets
                // within one close never exceeds the TTL (silence filled by earlier closes is not
                // counted here; gradual closing evicts by lastEvent at the top of this method).
                Long next = s.open.ceilingKey(b);
                if (next == null || next > closeThrough) {
                    s.lastClosed = closeThrough;
                    if (s.open.isEmpty()) {
                        return EVICTED;
                    }
                    s.window = assembler.newState();
                    return closed;
                }
                s.window = assembler.newState();
                b = next;
                counts = s.open.remove(b);
            }
            if (counts != null) {
                silent = 0;
            }
            Window w = assembler.push(s.window, key, b, counts == null ? silence : counts);
            if (w != null) {
                out.add(w);
            }
            closed++;
        }
        s.lastClosed = closeThrough;
        return closed;
    }
}
