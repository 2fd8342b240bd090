package dev.blip.scorer.topology;

import dev.blip.core.detect.DetectorState;
import dev.blip.core.window.KeyWindowState;

import java.util.TreeMap;

/**
 * What the scorer keeps per key (one state-store entry): the buckets still open (at most those
 * within the grace period, keyed by bucket start), the last bucket closed, the newest event time
 * (for the TTL), the window state the assembler advances with the signature of the model it was
 * built for, and the key's detector state (likelihood statistics, seen range, open episode) with
 * the identity of the model whose errors it has seen.
 */
public final class KeyState {

    long signature;
    long lastClosed;
    long lastEvent;
    final TreeMap<Long, double[]> open = new TreeMap<>();
    KeyWindowState window;
    long detectorModel;
    DetectorState detector;

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

    /** Identity of the model the detector state was built for ({@code ServingModel.detectorSignature}); 0 when none. */
    public long detectorModel() {
        return detectorModel;
    }

    /** The key's detector state, or null when it has none yet (a format-1 entry, or not conformed). */
    public DetectorState detector() {
        return detector;
    }

    /** Restores the detector part of a saved state (the codec's entry point). */
    public void restoreDetector(long model, DetectorState state) {
        this.detectorModel = model;
        this.detector = state;
    }
}
