package dev.blip.scorer.topology;

import dev.blip.core.window.KeyWindowState;

import java.util.TreeMap;

/**
 * What the scorer keeps per key (one state-store entry): the buckets still open (at most those
 * within the grace period, keyed by bucket start), the last bucket closed, the newest event time
 * (for the TTL), the window state the assembler advances, and the signature of the model the
 * window state was built for.
 */
public final class KeyState {

    long signature;
    long lastClosed;
    long lastEvent;
    final TreeMap<Long, double[]> open = new TreeMap<>();
    KeyWindowState window;

    KeyState(long signature, long lastClosed, long lastEvent, KeyWindowState window) {
        this.signature = signature;
        this.lastClosed = lastClosed;
        this.lastEvent = lastEvent;
        this.window = window;
    }

    public long signature() {
        return signature;
    }

    /** Start of the last closed bucket. */
    public long lastClosed() {
        return lastClosed;
    }

    public long lastEvent() {
        return lastEvent;
    }

    public TreeMap<Long, double[]> open() {
        return open;
    }

    public KeyWindowState window() {
        return window;
    }
}
