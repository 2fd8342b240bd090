package dev.blip.core.transform;

import dev.blip.core.stats.Quantiles;

import java.util.Arrays;

/**
 * {@code y = (x - center) / scale} with parameters fitted once on training data: mean and
 * standard deviation ({@link TransformKind#ZSCORE}) or median and IQR/1.349
 * ({@link TransformKind#ROBUST}). Keeps no per-key state.
 */
final class GlobalNormaliser implements Transform {

    /** A feature with (near) zero spread is left unscaled rather than blown up. */
    static final double MIN_SCALE = 1e-9;

    private final TransformSpec spec;

    GlobalNormaliser(TransformSpec spec) {
        if (!spec.fitted()) {
            throw new IllegalArgumentException(spec.kind() + " must be fitted before use");
        }
        this.spec = spec;
    }

    static TransformSpec fit(TransformSpec unfitted, double[][] samples, int features) {
        double[] center = new double[features];
        double[] scale = new double[features];
        for (int j = 0; j < features; j++) {
            double[] column = new double[samples.length];
            for (int i = 0; i < samples.length; i++) {
                column[i] = samples[i][j];
            }
            if (unfitted.kind() == TransformKind.ZSCORE) {
                double mean = Arrays.stream(column).average().orElse(0);
                double var = Arrays.stream(column).map(v -> (v - mean) * (v - mean)).average().orElse(0);
                center[j] = mean;
                scale[j] = floor(Math.sqrt(var));
            } else {
                Arrays.sort(column);
                center[j] = Quantiles.ofSorted(column, 0.5);
                double iqr = Quantiles.ofSorted(column, 0.75) - Quantiles.ofSorted(column, 0.25);
                double s = iqr / 1.349;
                if (!(s > MIN_SCALE)) {
                    // Mostly-constant data (an idle key): fall back to the mean absolute deviation.
                    double c = center[j];
                    s = Arrays.stream(column).map(v -> Math.abs(v - c)).average().orElse(0) * 1.2533;
                }
                scale[j] = floor(s);
            }
        }
        return unfitted.withFit(center, scale);
    }

    private static double floor(double s) {
        return s > MIN_SCALE && Double.isFinite(s) ? s : 1.0;
    }

    @Override
    public TransformKind kind() {
        return spec.kind();
    }

    @Override
    public int stateSize(int features) {
        return 0;
    }

    @Override
    public boolean forward(double[] x, double[] state, int off, double[] invScale, double[] invOffset) {
        double[] c = spec.center();
        double[] s = spec.scale();
        for (int j = 0; j < x.length; j++) {
            x[j] = (x[j] - c[j]) / s[j];
            invScale[j] = s[j];
            invOffset[j] = c[j];
        }
        return true;
    }

    @Override
    public TransformSpec spec() {
        return spec;
    }
}
