package dev.blip.core.window;

import dev.blip.core.transform.ChannelPipeline;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Everything one key needs between buckets: the transforms' state and a ring of the last
 * {@code length} transformed buckets (all channels) with their inverses and raw counts. The scorer keeps one
 * per key in a changelogged state store ({@link #toBytes()}), the trainer one per series; both
 * advance it through {@link WindowAssembler}.
 */
public final class KeyWindowState {

    /** Format 2 adds the channel count (model input width may differ from the count features); 1 is still read. */
    static final int FORMAT = 2;

    final int features;
    final int channels;
    final int length;
    final double[] transformState;
    final long[] bucketStart;
    final double[][] input;
    final double[][] invScale;
    final double[][] invOffset;
    final double[][] actual;
    /** Scratch for the pipeline; not part of the saved form. */
    final double[][] scratch;
    long lastBucketStart = Long.MIN_VALUE;
    long outputs;
    int head;

    KeyWindowState(int features, int channels, int length, int transformStateSize) {
        this.features = features;
        this.channels = channels;
        this.length = length;
        this.transformState = new double[transformStateSize];
        this.bucketStart = new long[length];
        this.input = new double[length][channels];
        this.invScale = new double[length][channels];
        this.invOffset = new double[length][channels];
        this.actual = new double[length][features];
        this.scratch = ChannelPipeline.newScratch(features);
    }

    /** Start of the last bucket pushed, or {@link Long#MIN_VALUE} before the first. */
    public long lastBucketStart() {
        return lastBucketStart;
    }

    /** Whether the transforms' state and every kept bucket are finite numbers (a state that is not never recovers: reset it). */
    public boolean isFinite() {
        // v * 0 is 0 for a finite v and NaN otherwise: one branch-free pass, one test at the end
        // (the scorer asks this twice per key and close)
        double zero = nonFinite(0, transformState);
        for (int i = 0; i < length; i++) {
            zero = nonFinite(nonFinite(nonFinite(nonFinite(zero, input[i]), invScale[i]), invOffset[i]), actual[i]);
        }
        return zero == 0;
    }

    private static double nonFinite(double zero, double[] row) {
        for (double v : row) {
            zero += v * 0;
        }
        return zero;
    }

    /** How many buckets have come out of the transforms for this key. */
    public long outputs() {
        return outputs;
    }

    /** Bytes of the saved form ({@link #toBytes()}). */
    public int byteSize() {
        return 37 + 8 * transformState.length + length * (8 + 24 * channels + 8 * features);
    }

    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(byteSize());
        writeTo(out);
        return out.array();
    }

    /** Writes the saved form ({@link #byteSize()} bytes) at the buffer's position. */
    public void writeTo(ByteBuffer out) {
        out.put((byte) FORMAT).putInt(features).putInt(channels).putInt(length).putInt(transformState.length);
        out.putLong(lastBucketStart).putLong(outputs).putInt(head);
        putAll(out, transformState);
        for (int i = 0; i < length; i++) {
            out.putLong(bucketStart[i]);
            putAll(out, input[i]);
            putAll(out, invScale[i]);
            putAll(out, invOffset[i]);
            putAll(out, actual[i]);
        }
    }

    public static KeyWindowState fromBytes(byte[] data) {
        return readFrom(ByteBuffer.wrap(data), data.length);
    }

    /**
     * Reads a saved form of exactly {@code size} bytes at the buffer's position.
     *
     * @throws IllegalArgumentException when those bytes are not a key window state of a known format
     */
    public static KeyWindowState readFrom(ByteBuffer in, int size) {
        try {
            int format = in.get();
            if (format != FORMAT && format != 1) {
                throw new IllegalArgumentException("key state format " + format + " is not supported (expected 1 or " + FORMAT + ")");
            }
            int features = in.getInt();
            int channels = format == 1 ? features : in.getInt();
            int length = in.getInt();
            int stateSize = in.getInt();
            long header = format == 1 ? 33L : 37L;
            long expectedBytes = header + 8L * stateSize + (long) length * (8L + 24L * channels + 8L * features);
            if (features < 1 || channels < 1 || length < 1 || stateSize < 0 || expectedBytes != size) {
                throw new IllegalArgumentException("corrupt key state: " + size + " bytes do not hold features="
                        + features + ", channels=" + channels + ", length=" + length + ", transformState=" + stateSize);
            }
            KeyWindowState s = new KeyWindowState(features, channels, length, stateSize);
            s.lastBucketStart = in.getLong();
            s.outputs = in.getLong();
            s.head = in.getInt();
            if (s.head < 0 || s.head >= length || s.outputs < 0) {
                throw new IllegalArgumentException("corrupt key state: head " + s.head + " / outputs " + s.outputs
                        + " out of range for length " + length);
            }
            getAll(in, s.transformState);
            for (int i = 0; i < s.length; i++) {
                s.bucketStart[i] = in.getLong();
                getAll(in, s.input[i]);
                getAll(in, s.invScale[i]);
                getAll(in, s.invOffset[i]);
                getAll(in, s.actual[i]);
            }
            return s;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("corrupt key state: " + size + " bytes end early", e);
        }
    }

    private static void putAll(ByteBuffer out, double[] row) {
        for (double v : row) {
            out.putDouble(v);
        }
    }

    private static void getAll(ByteBuffer in, double[] row) {
        for (int i = 0; i < row.length; i++) {
            row[i] = in.getDouble();
        }
    }
}
