package dev.blip.scorer.topology;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Detector;
import dev.blip.core.detect.Episode;
import dev.blip.core.event.ParsedRecord;
import dev.blip.core.score.WindowScore;
import dev.blip.core.window.KeyWindowState;
import dev.blip.core.window.Window;
import dev.blip.core.window.WindowAssembler;
import dev.blip.scorer.model.ServingModel;

import java.util.List;

/**
 * The per-key logic for one serving model: counting into open buckets, closing buckets in order
 * through {@link WindowAssembler#push} (zeros for silent intervals), and stepping the key's
 * detector over its scored buckets with {@link Detector#step}: the same calls the trainer's
 * offline path makes for every bucket of a series.
 */
public final class KeyStates {

    /** Returned by {@link #close} when the key was silent for longer than the TTL. */
    public static final int EVICTED = -1;

    private final ServingModel model;
    private final WindowAssembler assembler;
    private final Detector detector;
    private final FeatureSpec features;
    private final long interval;
    /** A silent bucket; shared, the assembler copies what it is given. */
    private final double[] silence;
    private final long ttl;

    public KeyStates(ServingModel model, long ttlMillis) {
        this.model = model;
        this.assembler = model.bundle().assembler();
        this.detector = model.bundle().detector();
        this.features = model.bundle().features();
        this.interval = model.bundle().interval().millis();
        this.silence = new double[features.size()];
        this.ttl = ttlMillis;
    }

    /** A saved state without its detector part ({@link KeyState#restoreDetector} adds it; else the next conform does). */
    public static KeyState restore(long signature, long lastClosed, long lastEvent, KeyWindowState window) {
        return new KeyState(signature, lastClosed, lastEvent, window);
    }

    public BucketInterval interval() {
        return model.bundle().interval();
    }

    /** A key seen for the first time: nothing before its first bucket is closed or counted. */
    public KeyState fresh(long firstBucketStart) {
        KeyState s = new KeyState(model.stateSignature(), firstBucketStart - interval, firstBucketStart, assembler.newState());
        freshDetector(s);
        return s;
    }

    /**
     * Makes a state built for another model usable with this one. A window state built for another
     * window shape restarts (the key warms up again; open counts survive when the feature layout is
     * unchanged). A detector state built for another model (any change of the model: its errors are
     * what the detector's statistics describe), missing (a format-1 entry) or not fitting this
     * detector starts afresh; an episode it had open is ended first.
     *
     * @return the closing report of the episode the model change ended, or null
     */
    public Episode conform(KeyState s, String key) {
        if (s.signature != model.stateSignature()) {
            s.signature = model.stateSignature();
            s.window = assembler.newState();
            if (!s.open.isEmpty() && s.open.firstEntry().getValue().length != features.size()) {
                s.open.clear();
            }
        }
        if (s.detector != null && s.detectorModel == model.detectorSignature() && detector.fits(s.detector)) {
            return null;
        }
        Episode ended = end(s, key);
        freshDetector(s);
        return ended;
    }

    private void freshDetector(KeyState s) {
        s.detectorModel = model.detectorSignature();
        s.detector = detector.newState();
    }

    /** Advances the key's detector by one scored bucket (buckets in order). */
    public BucketVerdict step(KeyState s, WindowScore score) {
        return detector.step(s.detector, score);
    }

    /** Ends the key's open episode now (its state is discarded): the closing report, or null when none is open. */
    public Episode end(KeyState s, String key) {
        return s.detector == null ? null : detector.end(s.detector, key);
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
