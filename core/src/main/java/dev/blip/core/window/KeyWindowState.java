package dev.blip.core.window;

import dev.blip.core.transform.ChannelPipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

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
        for (double v : transformState) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        for (double[][] rows : new double[][][] {input, invScale, invOffset, actual}) {
            for (double[] row : rows) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** How many buckets have come out of the transforms for this key. */
    public long outputs() {
        return outputs;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 8 * (transformState.length + length * (3 * channels + features)));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(features);
            out.writeInt(channels);
            out.writeInt(length);
            out.writeInt(transformState.length);
            out.writeLong(lastBucketStart);
            out.writeLong(outputs);
            out.writeInt(head);
            for (double v : transformState) {
                out.writeDouble(v);
            }
            for (int i = 0; i < length; i++) {
                out.writeLong(bucketStart[i]);
                writeRow(out, input[i]);
                writeRow(out, invScale[i]);
                writeRow(out, invOffset[i]);
                writeRow(out, actual[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static KeyWindowState fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format != FORMAT && format != 1) {
                throw new IllegalArgumentException("key state format " + format + " is not supported (expected 1 or " + FORMAT + ")");
            }
            int features = in.readInt();
            int channels = format == 1 ? features : in.readInt();
            int length = in.readInt();
            int stateSize = in.readInt();
            long header = format == 1 ? 33L : 37L;
            long expectedBytes = header + 8L * stateSize + (long) length * (8L + 24L * channels + 8L * features);
            if (features < 1 || channels < 1 || length < 1 || stateSize < 0 || expectedBytes != data.length) {
                throw new IllegalArgumentException("corrupt key state: " + data.length + " bytes do not hold features="
                        + features + ", channels=" + channels + ", length=" + length + ", transformState=" + stateSize);
            }
            KeyWindowState s = new KeyWindowState(features, channels, length, stateSize);
            s.lastBucketStart = in.readLong();
            s.outputs = in.readLong();
            s.head = in.readInt();
            if (s.head < 0 || s.head >= length || s.outputs < 0) {
                throw new IllegalArgumentException("corrupt key state: head " + s.head + " / outputs " + s.outputs
                        + " out of range for length " + length);
            }
            for (int i = 0; i < s.transformState.length; i++) {
                s.transformState[i] = in.readDouble();
            }
            for (int i = 0; i < s.length; i++) {
                s.bucketStart[i] = in.readLong();
                readRow(in, s.input[i]);
                readRow(in, s.invScale[i]);
                readRow(in, s.invOffset[i]);
                readRow(in, s.actual[i]);
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt key state: " + e.getMessage(), e);
        }
    }

    private static void writeRow(DataOutputStream out, double[] row) throws IOException {
        for (double v : row) {
            out.writeDouble(v);
        }
    }

    private static void readRow(DataInputStream in, double[] row) throws IOException {
        for (int i = 0; i < row.length; i++) {
            row[i] = in.readDouble();
        }
    }
}
