package dev.blip.core.bucket;

import java.util.Objects;

/**
 * Puts an irregular, possibly unordered list of {@code (timestamp, values)} rows onto the bucket
 * grid. Each row lands in the bucket containing its timestamp; several rows in one bucket are
 * summed ({@link MissingPolicy#ZERO}, counts) or averaged (gauge policies); empty buckets are
 * filled by the policy. Duplicates and out-of-order rows are counted, never dropped, so callers
 * can warn about them once.
 */
public final class SeriesResampler {

    /** The grid plus, for every input row, the index of the bucket it landed in. */
    public record Result(CountSeries series, int[] rowBucket, int sharedBuckets, int outOfOrderRows,
                         int filledBuckets) {
    }

    private final BucketInterval interval;
    private final MissingPolicy missing;

    public SeriesResampler(BucketInterval interval, MissingPolicy missing) {
        this.interval = Objects.requireNonNull(interval, "interval");
        this.missing = Objects.requireNonNull(missing, "missing");
    }

    public Result resample(String key, FeatureSpec features, long[] timestamps, double[][] rows) {
        if (timestamps.length != rows.length) {
            throw new IllegalArgumentException(timestamps.length + " timestamps but " + rows.length + " rows");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("series '" + key + "' has no rows");
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int outOfOrder = 0;
        for (int i = 0; i < timestamps.length; i++) {
            long b = interval.bucketStart(timestamps[i]);
            first = Math.min(first, b);
            last = Math.max(last, b);
            if (i > 0 && timestamps[i] < timestamps[i - 1]) {
                outOfOrder++;
            }
        }
        int length = Math.toIntExact((last - first) / interval.millis() + 1);
        int f = features.size();
        double[][] sum = new double[length][f];
        int[] seen = new int[length];
        int[] rowBucket = new int[rows.length];
        int shared = 0;
        for (int i = 0; i < rows.length; i++) {
            int t = (int) ((interval.bucketStart(timestamps[i]) - first) / interval.millis());
            rowBucket[i] = t;
            if (seen[t]++ > 0) {
                shared++;
            }
            for (int j = 0; j < f; j++) {
                sum[t][j] += rows[i][j];
            }
        }
        if (missing != MissingPolicy.ZERO) {
            for (int t = 0; t < length; t++) {
                if (seen[t] > 1) {
                    for (int j = 0; j < f; j++) {
                        sum[t][j] /= seen[t];
                    }
                }
            }
        }
        int filled = fill(sum, seen);
        return new Result(new CountSeries(key, interval, first, features, sum), rowBucket, shared, outOfOrder, filled);
    }

    private int fill(double[][] values, int[] seen) {
        int filled = 0;
        int prev = -1;
        for (int t = 0; t < values.length; t++) {
            if (seen[t] > 0) {
                prev = t;
                continue;
            }
            filled++;
            if (missing == MissingPolicy.ZERO) {
                continue;
            }
            int next = t + 1;
            while (next < values.length && seen[next] == 0) {
                next++;
            }
            for (int j = 0; j < values[t].length; j++) {
                values[t][j] = gaugeFill(values, prev, next, t, j);
            }
        }
        return filled;
    }

    private double gaugeFill(double[][] values, int prev, int next, int t, int j) {
        // The last bucket always has a row (it defines the grid's end), so next is in range
        // whenever prev is -1; the first bucket likewise guarantees prev >= 0 after position 0.
        if (prev < 0) {
            return values[next][j];
        }
        if (missing == MissingPolicy.PREVIOUS || next >= values.length) {
            return values[prev][j];
        }
        double w = (double) (t - prev) / (next - prev);
        return values[prev][j] + w * (values[next][j] - values[prev][j]);
    }
}
