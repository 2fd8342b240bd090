package dev.blip.core.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeOf(features, recent.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(features);
            out.writeInt(recent.length);
            for (double v : recent) {
                out.writeDouble(v);
            }
            out.writeLong(scored);
            out.writeLong(averaged);
            out.writeDouble(mean);
            out.writeDouble(variance);
            out.writeDouble(previousTail);
            out.writeBoolean(rangeKnown);
            out.writeBoolean(open);
            out.writeLong(episodeStart);
            out.writeLong(lastAnomalous);
            out.writeInt(quiet);
            out.writeInt(anomalousBuckets);
            out.writeDouble(peakScore);
            out.writeLong(peakBucket);
            out.writeInt(reasons);
            out.writeLong(errors);
            out.writeDouble(errorMean);
            out.writeDouble(errorVariance);
            for (double[] row : new double[][] {min, max, peakActual, peakExpected, peakLow, peakHigh}) {
                for (double v : row) {
                    out.writeDouble(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
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
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format < 1 || format > FORMAT) {
                throw new IllegalArgumentException("detector state format " + format + " is not supported (expected 1 to " + FORMAT + ")");
            }
            int features = in.readInt();
            int window = in.readInt();
            if (features < 1 || features > 1024 || window < 1 || window > 1000 || sizeOf(format, features, window) != data.length) {
                throw new IllegalArgumentException("corrupt detector state: " + data.length + " bytes do not hold features="
                        + features + ", averageWindow=" + window);
            }
            DetectorState s = new DetectorState(features, window);
            for (int i = 0; i < window; i++) {
                s.recent[i] = in.readDouble();
            }
            s.scored = in.readLong();
            s.averaged = in.readLong();
            s.mean = in.readDouble();
            s.variance = in.readDouble();
            s.previousTail = in.readDouble();
            s.rangeKnown = in.readBoolean();
            s.open = in.readBoolean();
            s.episodeStart = in.readLong();
            s.lastAnomalous = in.readLong();
            s.quiet = in.readInt();
            s.anomalousBuckets = in.readInt();
            s.peakScore = in.readDouble();
            s.peakBucket = in.readLong();
            s.reasons = in.readInt();
            if (format >= 2) {
                s.errors = in.readLong();
                s.errorMean = in.readDouble();
                s.errorVariance = in.readDouble();
            }
            double[][] rows = format >= 3 ? new double[][] {s.min, s.max, s.peakActual, s.peakExpected, s.peakLow, s.peakHigh}
                    : new double[][] {s.min, s.max, s.peakActual, s.peakExpected};
            for (double[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = in.readDouble();
                }
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt detector state: " + e.getMessage(), e);
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
