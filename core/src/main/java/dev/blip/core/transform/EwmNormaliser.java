package dev.blip.core.transform;

/**
 * Per-key normalisation by the key's exponentially weighted mean and variance. Each bucket is
 * normalised with the statistics from <em>before</em> it (so an anomaly cannot hide itself by
 * moving the mean it is compared with), then the statistics are updated:
 * {@code d = x - m; m += alpha * d; v = (1 - alpha) * (v + alpha * d * d)}.
 * State layout: count, then {@code m[f]}, then {@code v[f]}. The first bucket sets the mean and
 * comes out as 0 (it counts towards the warm-up).
 */
final class EwmNormaliser implements Transform {

    private final TransformSpec spec;
    private final double alpha;
    private final double minScale;

    EwmNormaliser(TransformSpec spec) {
        this.spec = spec;
        this.alpha = spec.alpha();
        this.minScale = spec.minScale();
    }

    @Override
    public TransformKind kind() {
        return TransformKind.EWM;
    }

    @Override
    public int stateSize(int features) {
        return 1 + 2 * features;
    }

    @Override
    public int warmup() {
        return spec.warmup();
    }

    @Override
    public boolean forward(double[] x, double[] state, int off, double[] invScale, double[] invOffset) {
        int f = x.length;
        boolean first = state[off] == 0;
        for (int j = 0; j < f; j++) {
            int mi = off + 1 + j;
            int vi = off + 1 + f + j;
            double mean = first ? x[j] : state[mi];
            double scale = Math.max(Math.sqrt(state[vi]), minScale);
            double d = x[j] - mean;
            state[mi] = mean + alpha * d;
            state[vi] = (1 - alpha) * (state[vi] + alpha * d * d);
            x[j] = d / scale;
            invScale[j] = scale;
            invOffset[j] = mean;
        }
        state[off] += 1;
        return true;
    }

    @Override
    public TransformSpec spec() {
        return spec;
    }
}
