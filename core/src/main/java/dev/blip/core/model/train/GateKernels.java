package dev.blip.core.model.train;

import dev.blip.core.model.fast.GateMath;

/**
 * Element-wise LSTM arithmetic for training, in the style of {@link GateMath}: counted loops over
 * offset-zero arrays with {@code + - * /} only, few arrays per loop, so that HotSpot C2 vectorises
 * them (C2 gives up on loops over many arrays; see {@code GateMath.cellUpdate}).
 */
final class GateKernels {

    private GateKernels() {
    }

    /**
     * Gate activations in place from the {@code expm1} of the scaled pre-activations:
     * {@code tanh x = m / (m + 2)} with {@code m = expm1(2x)}, {@code sigmoid x = 1 / (m + 2)} with
     * {@code m = expm1(-x)}.
     */
    static void activate(float[] a, float[] f, float[] o, float[] g, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = a[i] / (a[i] + 2f);
        }
        sigmoid(f, n);
        sigmoid(o, n);
        sigmoid(g, n);
    }

    private static void sigmoid(float[] m, int n) {
        for (int i = 0; i < n; i++) {
            m[i] = 1f / (m[i] + 2f);
        }
    }

    /** {@code c = f * cPrev + g * a}; {@code cPrev} null for the zero initial state. */
    static void cell(float[] a, float[] f, float[] g, float[] cPrev, float[] c, int n) {
        if (cPrev == null) {
            for (int i = 0; i < n; i++) {
                c[i] = g[i] * a[i];
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            c[i] = f[i] * cPrev[i] + g[i] * a[i];
        }
    }

    /** {@code tc = tanh(c)}, {@code h = o * tc}. */
    static void output(float[] c, float[] o, float[] tc, float[] h, int n) {
        for (int i = 0; i < n; i++) {
            tc[i] = c[i] + c[i];
        }
        GateMath.expm1InPlace(tc, n);
        for (int i = 0; i < n; i++) {
            tc[i] = tc[i] / (tc[i] + 2f);
        }
        for (int i = 0; i < n; i++) {
            h[i] = o[i] * tc[i];
        }
    }

    /** {@code out = x + y}. */
    static void sum(float[] x, float[] y, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] + y[i];
        }
    }

    /** {@code acc += x}. */
    static void addInPlace(float[] acc, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += x[i];
        }
    }

    /**
     * One backward step of the cell: from {@code dh} (loss gradient w.r.t. this step's output) and
     * {@code dc} (w.r.t. this step's cell, from the next step; replaced by the gradient w.r.t. the
     * previous cell), the gradients w.r.t. the scaled gate pre-activations ({@code 1/2} for the tanh
     * block, {@code -1} for the sigmoid blocks: the weights carry the inverse scaling).
     */
    static void gateGradients(float[] a, float[] f, float[] o, float[] g, float[] cPrev, float[] tc, float[] dh,
                              float[] dc, float[] dza, float[] dzf, float[] dzo, float[] dzg, int n) {
        for (int i = 0; i < n; i++) {
            float t = tc[i];
            dc[i] += dh[i] * o[i] * (1f - t * t);
        }
        for (int i = 0; i < n; i++) {
            float oi = o[i];
            dzo[i] = dh[i] * tc[i] * oi * (oi - 1f);
        }
        for (int i = 0; i < n; i++) {
            float ai = a[i];
            dza[i] = 0.5f * dc[i] * g[i] * (1f - ai * ai);
        }
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            dzg[i] = dc[i] * a[i] * gi * (gi - 1f);
        }
        if (cPrev == null) {
            java.util.Arrays.fill(dzf, 0, n, 0f);
        } else {
            for (int i = 0; i < n; i++) {
                float fi = f[i];
                dzf[i] = dc[i] * cPrev[i] * fi * (fi - 1f);
            }
        }
        for (int i = 0; i < n; i++) {
            dc[i] *= f[i];
        }
    }
}
