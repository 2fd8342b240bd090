package dev.blip.core.detect;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the {@link Detector} remembers about one key, constant-size: the last few log errors,
 * the running mean and variance of their average, the range of values seen, and the open
 * episode. The scorer keeps it in the key's state-store entry (with its changelog), the trainer's
 * {@code detect} one per series; both advance it through {@link Detector#step}.
 *
 * <p>Saved form ({@link #toBytes()}): a format byte, then fixed fields; {@link #fromBytes}
 * refuses other formats and sizes with a message.
 */
public final class DetectorState {

    /**
     * Format 3 adds the expected band at the open episode's peak; format 2 added the running mean and
     * variance of single log errors. Formats 1 and 2 are still read (missing parts start empty).
     */
    static final int FORMAT = 3;

    final int features;
    final double[] recent;
    long scored;
    long averaged;
    double mean;
    double variance;
    double previousTail = 1.0;
    long errors;
    double errorMean;
    double errorVariance;
    final double[] min;
    final double[] max;
    boolean rangeKnown;
    boolean open;
    long episodeStart;
    long lastAnomalous;
    int quiet;
    int anomalousBuckets;
    double peakScore;
    long peakBucket;
    int reasons;
    final double[] peakActual;
    final double[] peakExpected;
    /** The expected band at the peak; NaN where the model has no band. */
    final double[] peakLow;
    final double[] peakHigh;

    DetectorState(int features, int averageWindow) {
        this.features = features;
        this.recent = new double[averageWindow];
        this.min = new double[features];
        this.max = new double[features];
        this.peakActual = new double[features];
        this.peakExpected = new double[features];
        this.peakLow = new double[features];
        this.peakHigh = new double[features];
        java.util.Arrays.fill(peakLow, Double.NaN);
        java.util.Arrays.fill(peakHigh, Double.NaN);
    }

    /** Buckets of this key the detector has scored. */
    public long scored() {
        return scored;
    }

    /** Whether every statistic is a finite number (a state that is not never recovers by itself: reset it). */
    public boolean isFinite() {
        if (!Double.isFinite(mean) || !Double.isFinite(variance) || !Double.isFinite(errorMean)
                || !Double.isFinite(errorVariance) || !Double.isFinite(previousTail) || !Double.isFinite(peakScore)) {
            return false;
        }
        return finite(recent) && finite(min) && finite(max) && finite(peakActual) && finite(peakExpected);
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Whether an episode is open. */
    public boolean episodeOpen() {
        return open;
    }

    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(byteSize());
        writeTo(out);
        return out.array();
    }

    /** Bytes of the saved form ({@link #toBytes()}). */
    public int byteSize() {
        return sizeOf(features, recent.length);
    }

    /** Writes the saved form ({@link #byteSize()} bytes) at the buffer's position. */
    public void writeTo(ByteBuffer out) {
        out.put((byte) FORMAT).putInt(features).putInt(recent.length);
        for (double v : recent) {
            out.putDouble(v);
        }
        out.putLong(scored).putLong(averaged).putDouble(mean).putDouble(variance).putDouble(previousTail);
        out.put((byte) (rangeKnown ? 1 : 0)).put((byte) (open ? 1 : 0));
        out.putLong(episodeStart).putLong(lastAnomalous).putInt(quiet).putInt(anomalousBuckets);
        out.putDouble(peakScore).putLong(peakBucket).putInt(reasons);
        out.putLong(errors).putDouble(errorMean).putDouble(errorVariance);
        for (double[] row : new double[][] {min, max, peakActual, peakExpected, peakLow, peakHigh}) {
            for (double v : row) {
                out.putDouble(v);
            }
        }
    }

    static int sizeOf(int features, int averageWindow) {
        return sizeOf(FORMAT, features, averageWindow);
    }

    static int sizeOf(int format, int features, int averageWindow) {
        int v1 = 1 + 4 + 4 + 8 * averageWindow + 8 + 8 + 8 + 8 + 8 + 1 + 1 + 8 + 8 + 4 + 4 + 8 + 8 + 4 + 32 * features;
        return switch (format) {
            case 1 -> v1;
            case 2 -> v1 + 24;
            default -> v1 + 24 + 16 * features;
        };
    }

    /** @throws IllegalArgumentException when the bytes are not a detector state of a known format */
    public static DetectorState fromBytes(byte[] data) {
        return readFrom(ByteBuffer.wrap(data), data.length);
    }

    /**
     * Reads a saved form of exactly {@code size} bytes at the buffer's position.
     *
     * @throws IllegalArgumentException when those bytes are not a detector state of a known format
     */
    public static DetectorState readFrom(ByteBuffer in, int size) {
        try {
            int format = in.get();
            if (format < 1 || format > FORMAT) {
                throw new IllegalArgumentException("detector state format " + format + " is not supported (expected 1 to " + FORMAT + ")");
            }
            int features = in.getInt();
            int window = in.getInt();
            if (features < 1 || features > 1024 || window < 1 || window > 1000 || sizeOf(format, features, window) != size) {
                throw new IllegalArgumentException("corrupt detector state: " + size + " bytes do not hold features="
                        + features + ", averageWindow=" + window);
            }
            DetectorState s = new DetectorState(features, window);
            for (int i = 0; i < window; i++) {
                s.recent[i] = in.getDouble();
            }
            s.scored = in.getLong();
            s.averaged = in.getLong();
            s.mean = in.getDouble();
            s.variance = in.getDouble();
            s.previousTail = in.getDouble();
            s.rangeKnown = in.get() != 0;
            s.open = in.get() != 0;
            s.episodeStart = in.getLong();
            s.lastAnomalous = in.getLong();
            s.quiet = in.getInt();
            s.anomalousBuckets = in.getInt();
            s.peakScore = in.getDouble();
            s.peakBucket = in.getLong();
            s.reasons = in.getInt();
            if (format >= 2) {
                s.errors = in.getLong();
                s.errorMean = in.getDouble();
                s.errorVariance = in.getDouble();
            }
            double[][] rows = format >= 3 ? new double[][] {s.min, s.max, s.peakActual, s.peakExpected, s.peakLow, s.peakHigh}
                    : new double[][] {s.min, s.max, s.peakActual, s.peakExpected};
            for (double[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = in.getDouble();
                }
            }
            return s;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("corrupt detector state: " + size + " bytes end early", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetectorState s && Arrays.equals(toBytes(), s.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }
}
