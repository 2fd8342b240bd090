package dev.blip.trainer.evaluate;

import dev.blip.core.stats.Quantiles;

import java.util.Arrays;

/**
 * Our simple reference detector: the rolling z-score of the first difference,
 * {@code z[i] = |d[i] - mean(d[i-W..i-1])| / std(d[i-W..i-1])} with {@code d[i] = v[i] - v[i-1]}
 * over the previous {@code W} rows only (so it is causal like the model), flagged when above a
 * threshold set as the {@code quantile} of z over the training prefix, the same data and the
 * same rule the LSTM's calibration gets. It works on rows as given, without resampling.
 */
public final class ZScoreBaseline {

    private final int window;
    private final double quantile;

    public ZScoreBaseline(int window, double quantile) {
        if (window < 2 || !(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("baseline window must be >= 2 and quantile in (0, 1), got "
                    + window + ", " + quantile);
        }
        this.window = window;
        this.quantile = quantile;
    }

    /** z per row (0 until the window is full). */
    public double[] zScores(double[] values) {
        int n = values.length;
        double[] z = new double[n];
        double[] d = new double[n];
        for (int i = 1; i < n; i++) {
            d[i] = values[i] - values[i - 1];
        }
        for (int i = window + 1; i < n; i++) {
            double mean = 0;
            for (int k = i - window; k < i; k++) {
                mean += d[k];
            }
            mean /= window;
            double var = 0;
            for (int k = i - window; k < i; k++) {
                var += (d[k] - mean) * (d[k] - mean);
            }
            double std = Math.sqrt(var / (window - 1));
            z[i] = std > 1e-12 ? Math.abs(d[i] - mean) / std : (Math.abs(d[i] - mean) > 1e-12 ? 1e6 : 0);
        }
        return z;
    }

    /** The threshold: the quantile of z over rows {@code [0, trainRows)} that have a full window. */
    public double threshold(double[] z, int trainRows) {
        int from = Math.min(window + 1, trainRows);
        double[] train = Arrays.copyOfRange(z, from, Math.max(from, trainRows));
        if (train.length == 0) {
            throw new IllegalArgumentException("baseline needs more than " + (window + 1) + " training rows, got " + trainRows);
        }
        Arrays.sort(train);
        return Quantiles.ofSorted(train, quantile);
    }

    public boolean[] detect(double[] values, int trainRows) {
        double[] z = zScores(values);
        double t = threshold(z, trainRows);
        boolean[] out = new boolean[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] > t;
        }
        return out;
    }
}
