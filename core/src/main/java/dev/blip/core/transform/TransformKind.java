package dev.blip.core.transform;

/**
 * The transforms a model bundle can name, applied in the order the bundle lists them.
 *
 * <ul>
 *   <li>{@link #DIFFERENCE}: {@code y[t] = x[t] - x[t-1]}. The first bucket of a key has no
 *       predecessor: it is consumed to seed the state and yields no output. This is the default
 *       first step; without it an LSTM autoencoder learns the window mean and flags nothing.</li>
 *   <li>{@link #SEASONAL_DIFFERENCE}: {@code y[t] = x[t] - x[t-lag]}; the first {@code lag}
 *       buckets seed the state.</li>
 *   <li>{@link #ZSCORE}: global {@code (y - mean) / std}, fitted on training data only.</li>
 *   <li>{@link #ROBUST}: global {@code (y - median) / (IQR / 1.349)}, fitted on training data
 *       only; insensitive to the anomalies that training history inevitably contains.</li>
 *   <li>{@link #EWM}: per-key {@code (y - m) / s} where {@code m} and {@code s^2} are the key's
 *       exponentially weighted mean and variance <em>before</em> this bucket (smoothing
 *       {@code alpha}, scale floor {@code minScale}). The statistics live with the key, so keys
 *       whose volumes differ by orders of magnitude share one model. A key is scored only after
 *       {@code warmup} outputs of this transform.</li>
 * </ul>
 * Every transform is affine per bucket, so its exact inverse is {@code x = scale * y + offset}
 * with the scale and offset that applied to that bucket; this is how reconstructions are turned
 * back into expected counts.
 */
public enum TransformKind {
    DIFFERENCE, SEASONAL_DIFFERENCE, ZSCORE, ROBUST, EWM;

    /** Whether the transform has global parameters that must be fitted on training data. */
    public boolean needsFit() {
        return this == ZSCORE || this == ROBUST;
    }
}
