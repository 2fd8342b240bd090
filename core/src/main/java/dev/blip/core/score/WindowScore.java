package dev.blip.core.score;

/**
 * The verdict on one window.
 *
 * @param key            the key
 * @param endBucketStart start of the window's last bucket (the bucket this score is "for")
 * @param firstBucketStart start of the window's first bucket
 * @param rawScore       the calibration's raw score: mean squared error of the newest bucket over
 *                       the channels (or of the whole window, or Mahalanobis), in transformed units
 * @param mse            mean squared reconstruction error of the whole window, transformed units
 * @param anomalyScore   calibrated score in [0, 1): share of validation raw scores below this one
 * @param exceedance     probability that a validation raw score is above this one (tail-extrapolated)
 * @param threshold      the raw-score threshold
 * @param anomaly        {@code rawScore > threshold}
 * @param featureError   squared error per count feature in the scored steps (mean over its channels)
 * @param stepError      mean squared error per time step over the channels (oldest first)
 * @param actual         raw counts, {@code [length][features]}
 * @param expected       reconstruction turned back into counts, {@code [length][features]}
 * @param expectedLow    lower end of the expected band of the newest bucket per feature (null without a band)
 * @param expectedHigh   upper end, likewise
 */
public record WindowScore(String key, long endBucketStart, long firstBucketStart, double rawScore, double mse,
                          double anomalyScore, double exceedance, double threshold, boolean anomaly,
                          double[] featureError, double[] stepError, double[][] actual, double[][] expected,
                          double[] expectedLow, double[] expectedHigh) {

    /** Raw counts of the window's last bucket. */
    public double[] lastActual() {
        return actual[actual.length - 1];
    }

    /** Expected counts of the window's last bucket. */
    public double[] lastExpected() {
        return expected[expected.length - 1];
    }

    /** Indices of the {@code k} largest values, largest first. */
    public static int[] topIndices(double[] values, int k) {
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(values[b], values[a]));
        int n = Math.min(k, values.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
