package dev.blip.trainer.evaluate;

/**
 * Per input row, from the verdict on the row's bucket (defaults before the key's first scored
 * bucket: score 0, not anomalous, NaN expected values, empty texts).
 *
 * @param score          combined anomaly score in [0, 1]
 * @param anomaly        the bucket is anomalous (score at or above the detector's threshold)
 * @param expected       expected value of the first feature
 * @param expectedLow    lower end of its expected band
 * @param expectedHigh   upper end of its expected band
 * @param rawError       the model's raw error of the bucket (transformed units)
 * @param likelihood     the likelihood signal
 * @param instantaneous  the instantaneous signal
 * @param reasons        signals that fired, separated by {@code |}
 * @param episode        {@code open} on the row whose bucket opened an episode, {@code closed} where one closed
 * @param scoreThreshold the detector's threshold on {@code score}
 */
public record Detection(double[] score, boolean[] anomaly, double[] expected, double[] expectedLow,
                        double[] expectedHigh, double[] rawError, double[] likelihood, double[] instantaneous,
                        String[] reasons, String[] episode, double scoreThreshold) {

    static Detection empty(int rows, double threshold) {
        Detection d = new Detection(new double[rows], new boolean[rows], new double[rows], new double[rows],
                new double[rows], new double[rows], new double[rows], new double[rows], new String[rows],
                new String[rows], threshold);
        java.util.Arrays.fill(d.expected, Double.NaN);
        java.util.Arrays.fill(d.expectedLow, Double.NaN);
        java.util.Arrays.fill(d.expectedHigh, Double.NaN);
        java.util.Arrays.fill(d.rawError, Double.NaN);
        java.util.Arrays.fill(d.reasons, "");
        java.util.Arrays.fill(d.episode, "");
        return d;
    }
}
