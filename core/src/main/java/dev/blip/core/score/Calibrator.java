package dev.blip.core.score;

import dev.blip.core.stats.Quantiles;

import java.util.Arrays;
import java.util.List;

/**
 * Fits a {@link Calibration} on validation windows' signed errors. Never call it with the data
 * you report results on: the threshold would be tuned to the answer.
 */
public final class Calibrator {

    /** Quantile points kept for the empirical CDF. */
    static final int REFERENCE_POINTS = 1001;
    private static final double RIDGE = 1e-6;

    private Calibrator() {
    }

    /**
     * @param signedErrors one {@code [features * length]} array of {@code x - x_hat} per validation window
     * @param parameter    quantile for QUANTILE/MAHALANOBIS (e.g. 0.995), k for SIGMA (e.g. 4)
     */
    public static Calibration fit(CalibrationMethod method, double parameter, List<double[]> signedErrors,
                                  int features, int length) {
        return fit(method, parameter, signedErrors, features, length, ErrorScope.WINDOW, 0, 0);
    }

    /**
     * @param scope         which steps make the raw score
     * @param countFeatures count features (the first group's channels): the expected band is fitted
     *                      for each; 0 fits no band
     * @param bandQuantile  central share of validation errors the expected band covers, e.g. 0.99
     */
    public static Calibration fit(CalibrationMethod method, double parameter, List<double[]> signedErrors,
                                  int features, int length, ErrorScope scope, int countFeatures, double bandQuantile) {
        if (signedErrors.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one validation window");
        }
        if (method == CalibrationMethod.SIGMA ? !(parameter > 0) : !(parameter > 0 && parameter < 1)) {
            throw new IllegalArgumentException("calibration parameter for " + method + " must be "
                    + (method == CalibrationMethod.SIGMA ? "> 0" : "in (0, 1)") + ", got " + parameter);
        }
        double[] mean = null;
        double[] precision = null;
        if (method == CalibrationMethod.MAHALANOBIS) {
            mean = new double[features];
            double[] cov = new double[features * features];
            fitGaussian(signedErrors, features, length, scope == ErrorScope.NEWEST ? length - 1 : 0, mean, cov);
            precision = invertSymmetric(cov, features);
        }
        Calibration probe = new Calibration(method, parameter, 0, mean, precision, new double[] {0, 1}, 1, 1,
                scope, 0, null, null);
        double[] raw = new double[signedErrors.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = probe.rawScore(signedErrors.get(i), features, length);
        }
        Arrays.sort(raw);
        double threshold = method == CalibrationMethod.SIGMA ? meanPlusK(raw, parameter) : Quantiles.ofSorted(raw, parameter);
        double[][] band = countFeatures > 0 ? band(signedErrors, countFeatures, length, bandQuantile) : new double[2][];
        return new Calibration(method, parameter, threshold, mean, precision, reference(raw), raw.length, tailScale(raw),
                scope, countFeatures > 0 ? bandQuantile : 0, band[0], band[1]);
    }

    /** Central {@code quantile} of the newest step's signed error per count feature (first channel group). */
    private static double[][] band(List<double[]> signedErrors, int countFeatures, int length, double quantile) {
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("band quantile must be in (0, 1), got " + quantile);
        }
        double[] low = new double[countFeatures];
        double[] high = new double[countFeatures];
        double[] e = new double[signedErrors.size()];
        for (int f = 0; f < countFeatures; f++) {
            for (int i = 0; i < e.length; i++) {
                e[i] = signedErrors.get(i)[f * length + length - 1];
            }
            Arrays.sort(e);
            low[f] = Quantiles.ofSorted(e, (1 - quantile) / 2);
            high[f] = Quantiles.ofSorted(e, (1 + quantile) / 2);
        }
        return new double[][] {low, high};
    }

    private static double meanPlusK(double[] raw, double k) {
        double mean = Arrays.stream(raw).average().orElse(0);
        double var = Arrays.stream(raw).map(v -> (v - mean) * (v - mean)).average().orElse(0);
        return mean + k * Math.sqrt(var);
    }

    private static double[] reference(double[] sorted) {
        int n = Math.min(REFERENCE_POINTS, Math.max(2, sorted.length));
        double[] ref = new double[n];
        for (int i = 0; i < n; i++) {
            ref[i] = Quantiles.ofSorted(sorted, (double) i / (n - 1));
        }
        return ref;
    }

    /** Mean excess over the 90th percentile: the scale of an exponential upper tail. */
    private static double tailScale(double[] sorted) {
        double q90 = Quantiles.ofSorted(sorted, 0.9);
        double sum = 0;
        int n = 0;
        for (double v : sorted) {
            if (v > q90) {
                sum += v - q90;
                n++;
            }
        }
        double scale = n > 0 ? sum / n : 0;
        double floor = Math.max(1e-12, 1e-6 * Math.abs(sorted[sorted.length - 1]));
        return Math.max(scale, floor);
    }

    private static void fitGaussian(List<double[]> errors, int f, int length, int from, double[] mean, double[] cov) {
        long n = 0;
        for (double[] e : errors) {
            for (int t = from; t < length; t++) {
                for (int i = 0; i < f; i++) {
                    mean[i] += e[i * length + t];
                }
                n++;
            }
        }
        for (int i = 0; i < f; i++) {
            mean[i] /= n;
        }
        for (double[] e : errors) {
            for (int t = from; t < length; t++) {
                for (int i = 0; i < f; i++) {
                    double di = e[i * length + t] - mean[i];
                    for (int j = 0; j < f; j++) {
                        cov[i * f + j] += di * (e[j * length + t] - mean[j]);
                    }
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < f * f; i++) {
            cov[i] /= Math.max(1, n - 1);
        }
        for (int i = 0; i < f; i++) {
            trace += cov[i * f + i];
        }
        double ridge = RIDGE * Math.max(trace / f, 1e-12);
        for (int i = 0; i < f; i++) {
            cov[i * f + i] += ridge;
        }
    }

    /** Inverse of a symmetric positive-definite matrix by Gauss-Jordan elimination with pivoting. */
    static double[] invertSymmetric(double[] a, int n) {
        double[] m = a.clone();
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            inv[i * n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r * n + c]) > Math.abs(m[pivot * n + c])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot * n + c]) < 1e-300) {
                throw new IllegalArgumentException("error covariance is singular");
            }
            swapRows(m, n, c, pivot);
            swapRows(inv, n, c, pivot);
            double p = m[c * n + c];
            for (int j = 0; j < n; j++) {
                m[c * n + j] /= p;
                inv[c * n + j] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double factor = m[r * n + c];
                    for (int j = 0; j < n; j++) {
                        m[r * n + j] -= factor * m[c * n + j];
                        inv[r * n + j] -= factor * inv[c * n + j];
                    }
                }
            }
        }
        return inv;
    }

    private static void swapRows(double[] m, int n, int a, int b) {
        if (a == b) {
            return;
        }
        for (int j = 0; j < n; j++) {
            double tmp = m[a * n + j];
            m[a * n + j] = m[b * n + j];
            m[b * n + j] = tmp;
        }
    }
}
