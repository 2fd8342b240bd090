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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Calibration(CalibrationMethod method, double parameter, double threshold, double[] errorMean,
                          double[] precision, double[] reference, long validationWindows, double tailScale) {

    /** Every rule this calibration breaks for a model with {@code features} features. */
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
        if (method != CalibrationMethod.MAHALANOBIS) {
            double s = 0;
            for (double e : signedError) {
                s += e * e;
            }
            return s / signedError.length;
        }
        double total = 0;
        double[] centred = new double[features];
        for (int t = 0; t < length; t++) {
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
        return total / length;
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
