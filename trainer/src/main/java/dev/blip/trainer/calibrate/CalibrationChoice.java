package dev.blip.trainer.calibrate;

import dev.blip.core.score.CalibrationMethod;

import java.util.Locale;

/**
 * Which threshold rule to fit on the validation split, and its parameter: the quantile for
 * {@code quantile} and {@code mahalanobis} (default 0.995), the k of mean + k sigma for
 * {@code sigma} (default 4).
 */
public record CalibrationChoice(CalibrationMethod method, double parameter) {

    public CalibrationChoice {
        if (method == null) {
            throw new IllegalArgumentException("calibration method is required (quantile, sigma or mahalanobis)");
        }
        boolean ok = method == CalibrationMethod.SIGMA ? parameter > 0 && Double.isFinite(parameter)
                : parameter > 0 && parameter < 1;
        if (!ok) {
            throw new IllegalArgumentException("--calibration-parameter for " + method.name().toLowerCase(Locale.ROOT)
                    + " must be " + (method == CalibrationMethod.SIGMA ? "a positive k" : "a quantile in (0, 1)")
                    + ", got " + parameter);
        }
    }

    public static CalibrationChoice defaults() {
        return of(CalibrationMethod.QUANTILE, null);
    }

    /** The method with its default parameter when {@code parameter} is null. */
    public static CalibrationChoice of(CalibrationMethod method, Double parameter) {
        double p = parameter != null ? parameter : method == CalibrationMethod.SIGMA ? 4.0 : 0.995;
        return new CalibrationChoice(method, p);
    }
}
