package dev.blip.core.score;

/**
 * How the anomaly threshold was set on held-out validation windows.
 * <ul>
 *   <li>{@link #QUANTILE}: the raw score is the window's mean squared reconstruction error; the
 *       threshold is its {@code parameter}-quantile on validation (default 0.995).</li>
 *   <li>{@link #SIGMA}: same raw score; threshold {@code mean + parameter * std} on validation.</li>
 *   <li>{@link #MAHALANOBIS}: a Gaussian is fitted to the per-step signed error vectors on
 *       validation (EncDec-AD); the raw score is the window's mean squared Mahalanobis distance
 *       and the threshold its {@code parameter}-quantile on validation.</li>
 * </ul>
 */
public enum CalibrationMethod {
    QUANTILE, SIGMA, MAHALANOBIS
}
