package dev.blip.core.window;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.transform.ChannelPipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place where closed buckets become model windows, for the trainer and the scorer alike.
 * Push a key's buckets in order, one per interval (zeros for silent intervals); once the key has
 * produced {@code warmup + length} transformed buckets, every push returns the window that ends
 * at that bucket. Training cuts windows with a stride by skipping returned windows, never by
 * feeding buckets differently, so both sides see identical inputs.
 */
public final class WindowAssembler {

    private final ChannelPipeline pipeline;
    private final int length;

    public WindowAssembler(ChannelPipeline pipeline, int length) {
        if (length < 2) {
            throw new IllegalArgumentException("window length must be >= 2, got " + length);
        }
        this.pipeline = pipeline;
        this.length = length;
    }

    public int length() {
        return length;
    }

    /** Count features per bucket. */
    public int features() {
        return pipeline.features();
    }

    /** Model channels per step. */
    public int channels() {
        return pipeline.channels();
    }

    public ChannelPipeline pipeline() {
        return pipeline;
    }

    public KeyWindowState newState() {
        return new KeyWindowState(pipeline.features(), pipeline.channels(), length, pipeline.stateSize());
    }

    /** Transformed buckets a key needs before its first scored window. */
    public long readyAfter() {
        return (long) pipeline.warmup() + length;
    }

    /**
     * Advances the key by one closed bucket. Buckets must be pushed in increasing order; the
     * caller fills gaps with zero buckets (a silent interval is a zero count, not a missing one).
     *
     * @return the window ending at this bucket, or null while the key is warming up
     */
    public Window push(KeyWindowState state, String key, long bucketStart, double[] counts) {
        return advance(state, key, bucketStart, counts) ? snapshot(state, key) : null;
    }

    /** Advances the key by one bucket; true when the window ending here is ready (not built). */
    private boolean advance(KeyWindowState state, String key, long bucketStart, double[] counts) {
        if (counts.length != state.features) {
            throw new IllegalArgumentException("bucket has " + counts.length + " features, expected " + state.features);
        }
        if (bucketStart <= state.lastBucketStart) {
            throw new IllegalArgumentException("bucket " + bucketStart + " of key '" + key
                    + "' is not after the last one pushed (" + state.lastBucketStart + ")");
        }
        state.lastBucketStart = bucketStart;
        int slot = state.head;
        if (!pipeline.apply(counts, state.transformState, state.input[slot], state.invScale[slot], state.invOffset[slot],
                state.scratch)) {
            return false;
        }
        System.arraycopy(counts, 0, state.actual[slot], 0, counts.length);
        state.bucketStart[slot] = bucketStart;
        state.head = (slot + 1) % length;
        state.outputs++;
        return state.outputs >= readyAfter();
    }

    private Window snapshot(KeyWindowState state, String key) {
        int f = state.channels;
        float[] input = new float[f * length];
        double[][] scale = new double[length][];
        double[][] offset = new double[length][];
        double[][] actual = new double[length][];
        for (int t = 0; t < length; t++) {
            int slot = (state.head + t) % length;
            for (int j = 0; j < f; j++) {
                input[j * length + t] = (float) state.input[slot][j];
            }
            scale[t] = state.invScale[slot].clone();
            offset[t] = state.invOffset[slot].clone();
            actual[t] = state.actual[slot].clone();
        }
        long first = state.bucketStart[state.head];
        return new Window(key, state.lastBucketStart, first, f, length, input, scale, offset, actual, pipeline.stabiliser());
    }

    /** Every window of a series, in order: the window ending at each bucket once ready. */
    public List<Window> windows(CountSeries series) {
        return windows(series, 1);
    }

    /** Windows of a series with a stride: every {@code stride}-th ready window, starting with the first. */
    public List<Window> windows(CountSeries series, int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        KeyWindowState state = newState();
        List<Window> out = new ArrayList<>();
        long ready = 0;
        for (int t = 0; t < series.length(); t++) {
            // Windows skipped by the stride are never built.
            if (advance(state, series.key(), series.bucketStart(t), series.values()[t]) && ready++ % stride == 0) {
                out.add(snapshot(state, series.key()));
            }
        }
        return out;
    }
}
