package dev.blip.scorer.state;

import dev.blip.core.bucket.KeyBuckets;
import dev.blip.core.detect.DetectorState;
import dev.blip.core.window.KeyWindowState;

import java.util.Map;

/**
 * What the scorer keeps per key for its model, touched only when buckets close: where the key's
 * closed series ends ({@link KeyBuckets}, without open buckets: those are kept apart, in the
 * small entry every event rewrites), the window state the assembler advances with the signature
 * of the model it was built for, and the key's detector state (likelihood statistics, seen range,
 * open episode) with the identity of the model whose errors it has seen.
 */
public final class KeyState {

    long signature;
    KeyBuckets buckets;
    KeyWindowState window;
    long detectorModel;
    DetectorState detector;

    KeyState(long signature, KeyBuckets buckets, KeyWindowState window) {
        this.signature = signature;
        this.buckets = buckets;
        this.window = window;
    }

    public long signature() {
        return signature;
    }

    /** The key's buckets: closed position, newest event time and any open buckets merged in for a close. */
    public KeyBuckets buckets() {
        return buckets;
    }

    /** Start of the last closed bucket. */
    public long lastClosed() {
        return buckets.lastClosed();
    }

    public long lastEvent() {
        return buckets.lastEvent();
    }

    public Map<Long, double[]> open() {
        return buckets.open();
    }

    public KeyWindowState window() {
        return window;
    }

    /** Identity of the model the detector state was built for ({@code ServingModel.detectorSignature}); 0 when none. */
    public long detectorModel() {
        return detectorModel;
    }

    /** The key's detector state, or null when it has none yet (a format-1 entry, or not conformed). */
    public DetectorState detector() {
        return detector;
    }

    /** Moves open buckets out: returns them (with the closed position) for the open-bucket store, or null when none. */
    public KeyBuckets takeOpen() {
        if (!buckets.hasOpen()) {
            return null;
        }
        KeyBuckets open = buckets;
        buckets = open.withoutOpen();
        return open;
    }
}
