package dev.blip.core.bucket;

import java.util.Arrays;
import java.util.Objects;

/**
 * A regular series for one key: {@code values[t][f]} is feature {@code f} in the bucket that
 * starts at {@code startMillis + t * interval}. Buckets with no data hold zeros (or whatever the
 * resampler filled in for gauges).
 */
public record CountSeries(String key, BucketInterval interval, long startMillis, FeatureSpec features,
                          double[][] values) {

    public CountSeries {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(values, "values");
        if (startMillis != interval.bucketStart(startMillis)) {
            throw new IllegalArgumentException("series start " + startMillis + " is not aligned to " + interval);
        }
        for (int t = 0; t < values.length; t++) {
            if (values[t].length != features.size()) {
                throw new IllegalArgumentException("bucket " + t + " has " + values[t].length
                        + " features, expected " + features.size());
            }
        }
    }

    public int length() {
        return values.length;
    }

    public int featureCount() {
        return features.size();
    }

    public long bucketStart(int t) {
        return startMillis + t * interval.millis();
    }

    /** Buckets {@code [from, to)} as a new series (values copied). */
    public CountSeries slice(int from, int to) {
        if (from < 0 || to > values.length || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + values.length);
        }
        double[][] copy = new double[to - from][];
        for (int t = from; t < to; t++) {
            copy[t - from] = values[t].clone();
        }
        return new CountSeries(key, interval, bucketStart(from), features, copy);
    }

    /** Sum of one feature over all buckets. */
    public double sum(int feature) {
        double s = 0;
        for (double[] v : values) {
            s += v[feature];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountSeries other && key.equals(other.key) && interval.equals(other.interval)
                && startMillis == other.startMillis && features.equals(other.features)
                && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, interval, startMillis, features, Arrays.deepHashCode(values));
    }

    @Override
    public String toString() {
        return "CountSeries[key=" + key + ", interval=" + interval + ", start=" + startMillis
                + ", features=" + features.names() + ", length=" + values.length + "]";
    }
}
