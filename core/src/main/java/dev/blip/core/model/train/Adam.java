package dev.blip.core.model.train;

/**
 * DL4J's update step for this network, reproduced: per-layer L2 gradient clipping
 * ({@code GradientNormalization.ClipL2PerLayer}: when the L2 norm of a layer's gradient, weights and
 * bias together, exceeds the threshold, that layer's gradient is scaled by threshold / norm), then
 * Adam as libnd4j's {@code adam_updater} computes it in float: {@code m = b1 m + (1 - b1) g},
 * {@code v = b2 v + (1 - b2) g^2}, {@code p -= m * alpha_t / (sqrt(v) + eps)} with
 * {@code alpha_t = lr sqrt(1 - b2^t) / (1 - b1^t)} at iteration {@code t} (from 1). The gradient it
 * receives is already divided by the mini-batch size, as DL4J's updater does before clipping.
 */
final class Adam {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final double learningRate;
    private final double clip;
    private final int[][] layers;
    private final float[] m;
    private final float[] v;
    private int iteration;

    /**
     * @param clip   per-layer L2 threshold; 0 disables clipping
     * @param layers parameter ranges {@code [start, end)} clipped together
     */
    Adam(int size, double learningRate, double clip, int[][] layers) {
        this.learningRate = learningRate;
        this.clip = clip;
        this.layers = layers.clone();
        this.m = new float[size];
        this.v = new float[size];
    }

    int iteration() {
        return iteration;
    }

    /** Clips {@code grad} in place and applies one Adam step to {@code params}. */
    void apply(float[] params, float[] grad) {
        if (clip > 0) {
            for (int[] layer : layers) {
                clipLayer(grad, layer[0], layer[1]);
            }
        }
        double b1t = Math.pow(BETA1, iteration + 1);
        double b2t = Math.pow(BETA2, iteration + 1);
        double alpha = learningRate * Math.sqrt(1 - b2t) / (1 - b1t);
        float alphaT = Double.isNaN(alpha) || alpha == 0 || Double.isInfinite(alpha) ? EPSILON : (float) alpha;
        float c1 = 1f - BETA1;
        float c2 = 1f - BETA2;
        for (int i = 0; i < params.length; i++) {
            float g = grad[i];
            float mi = BETA1 * m[i] + g * c1;
            float vi = BETA2 * v[i] + g * g * c2;
            m[i] = mi;
            v[i] = vi;
            params[i] -= mi * alphaT / ((float) Math.sqrt(vi) + EPSILON);
        }
        iteration++;
    }

    private void clipLayer(float[] grad, int from, int to) {
        double squares = 0;
        for (int i = from; i < to; i++) {
            squares += (double) grad[i] * grad[i];
        }
        double norm = Math.sqrt(squares);
        if (norm > clip) {
            float factor = (float) (clip / norm);
            for (int i = from; i < to; i++) {
                grad[i] *= factor;
            }
        }
    }
}
