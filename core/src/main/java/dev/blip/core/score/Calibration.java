package dev.blip.core.score;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * The fitted decision: how a window's reconstruction errors become one raw score, the threshold
 * on that raw score, and the mapping of raw scores to an anomaly score in [0, 1] that means the
 * same thing for every model: the share of validation windows with a lower raw score, with an
 * exponential tail beyond the largest one (so 0.999 is rarer than anything seen in validation).
 *
 * @param method       how the threshold was chosen
 * @param parameter    the quantile (QUANTILE, MAHALANOBIS) or the k of mean + k sigma (SIGMA)
 * @param threshold    raw scores above this are anomalies
 * @param errorMean    MAHALANOBIS only: mean of per-step error vectors
 * @param precision    MAHALANOBIS only: inverse covariance, row-major {@code [f * f]}
 * @param reference    sorted quantiles of the validation raw scores (the empirical CDF)
 * @param validationWindows number of validation windows behind {@code reference}
 * @param tailScale    scale of the exponential tail above the largest reference value
 * @param scope        which steps' errors make the raw score
 * @param bandQuantile the expected band covers this central share of validation errors (e.g. 0.99)
 * @param bandLow      per count feature, the lower band quantile of the newest step's signed error
 *                     {@code x - x_hat} on the first channel group, in transformed units
 * @param bandHigh     likewise the upper quantile
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Calibration(CalibrationMethod method, double parameter, double threshold, double[] errorMean,
                          double[] precision, double[] reference, long validationWindows, double tailScale,
                          ErrorScope scope, double bandQuantile, double[] bandLow, double[] bandHigh) {

    /** Whole-window calibration without an expected band (earlier models, tests). */
    public Calibration(CalibrationMethod method, double parameter, double threshold, double[] errorMean,
                       double[] precision, double[] reference, long validationWindows, double tailScale) {
        this(method, parameter, threshold, errorMean, precision, reference, validationWindows, tailScale,
                ErrorScope.WINDOW, 0, null, null);
    }

    /** Every rule this calibration breaks for a model with {@code features} channels. */
    public List<String> violations(int features) {
        List<String> out = new ArrayList<>();
        if (method == null) {
            out.add("calibration.method: required (QUANTILE, SIGMA or MAHALANOBIS)");
            return out;
        }
        if (!Double.isFinite(threshold) || threshold < 0) {
            out.add("calibration.threshold: must be a finite number >= 0, got " + threshold);
        }
        if (reference == null || reference.length < 2) {
            out.add("calibration.reference: must hold at least 2 values");
        } else {
            for (int i = 1; i < reference.length; i++) {
                if (!(reference[i] >= reference[i - 1]) || !Double.isFinite(reference[i])) {
                    out.add("calibration.reference: must be sorted and finite, broken at index " + i);
                    break;
                }
            }
        }
        if (!(tailScale > 0) || Double.isInfinite(tailScale)) {
            out.add("calibration.tailScale: must be positive and finite, got " + tailScale);
        }
        if (validationWindows < 1) {
            out.add("calibration.validationWindows: must be >= 1, got " + validationWindows);
        }
        if (scope == null) {
            out.add("calibration.scope: required (NEWEST or WINDOW)");
        }
        if (bandLow != null || bandHigh != null) {
            if (bandLow == null || bandHigh == null || bandLow.length != bandHigh.length || bandLow.length > features) {
                out.add("calibration.bandLow/bandHigh: both or neither, one value per count feature");
            } else {
                for (int i = 0; i < bandLow.length; i++) {
                    if (!Double.isFinite(bandLow[i]) || !Double.isFinite(bandHigh[i]) || bandLow[i] > bandHigh[i]) {
                        out.add("calibration.band: finite and low <= high, broken at feature " + i);
                        break;
                    }
                }
            }
            if (!(bandQuantile > 0 && bandQuantile < 1)) {
                out.add("calibration.bandQuantile: must be in (0, 1), got " + bandQuantile);
            }
        }
        if (method == CalibrationMethod.MAHALANOBIS) {
            if (errorMean == null || errorMean.length != features) {
                out.add("calibration.errorMean: must have " + features + " values for MAHALANOBIS");
            }
            if (precision == null || precision.length != features * features) {
                out.add("calibration.precision: must have " + features * features + " values for MAHALANOBIS");
            }
        }
        return out;
    }

    /** The raw score of one window from its signed errors {@code e[f * length + t] = x - x_hat}. */
    public double rawScore(double[] signedError, int features, int length) {
        int from = scope == ErrorScope.NEWEST ? length - 1 : 0;
        if (method != CalibrationMethod.MAHALANOBIS) {
            double s = 0;
            for (int f = 0; f < features; f++) {
                for (int t = from; t < length; t++) {
                    double e = signedError[f * length + t];
                    s += e * e;
                }
            }
            return s / (features * (length - from));
        }
        double total = 0;
        double[] centred = new double[features];
        for (int t = from; t < length; t++) {
            for (int f = 0; f < features; f++) {
                centred[f] = signedError[f * length + t] - errorMean[f];
            }
            double d = 0;
            for (int i = 0; i < features; i++) {
                double row = 0;
                for (int j = 0; j < features; j++) {
                    row += precision[i * features + j] * centred[j];
                }
                d += centred[i] * row;
            }
            total += d;
        }
        return total / (length - from);
    }

    /**
     * The probability that a validation raw score exceeds {@code raw}: the empirical tail, then the
     * exponential tail beyond the largest validation score. Never 0, so its log is finite.
     */
    public double exceedance(double raw) {
        if (raw != raw) {
            return 1.0;
        }
        double[] ref = reference;
        int n = ref.length;
        double top = 1.0 - 1.0 / (validationWindows + 1.0);
        if (raw > ref[n - 1]) {
            return Math.max(Double.MIN_NORMAL, (1.0 - top) * Math.exp(-(raw - ref[n - 1]) / tailScale));
        }
        return 1.0 - anomalyScore(raw);
    }

    /** Anomaly score in [0, 1): the calibrated empirical CDF of the raw score. */
    public double anomalyScore(double raw) {
        double[] ref = reference;
        int n = ref.length;
        double top = 1.0 - 1.0 / (validationWindows + 1.0);
        if (!(raw > ref[0])) {
            return 0.0;
        }
        if (raw <= ref[n - 1]) {
            int lo = 0;
            int hi = n - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (ref[mid] < raw) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double span = ref[hi] - ref[lo];
            double pos = lo + (span > 0 ? (raw - ref[lo]) / span : 1.0);
            return top * pos / (n - 1);
        }
        double tail = top + (1.0 - top) * (1.0 - Math.exp(-(raw - ref[n - 1]) / tailScale));
        // Far in the tail the sum rounds to 1.0; the score is documented (and used) as < 1.
        return Math.min(tail, Math.nextDown(1.0));
    }

    @JsonIgnore
    public boolean isAnomaly(double raw) {
        return raw > threshold;
    }
}
