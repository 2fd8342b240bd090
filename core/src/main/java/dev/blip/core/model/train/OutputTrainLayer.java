package dev.blip.core.model.train;

import java.util.Arrays;

/**
 * DL4J's {@code RnnOutputLayer} (identity activation, MSE) over the top decoder layer's outputs,
 * with its loss and gradients. DL4J's MSE averages the squared error over the features of one
 * output step; the score sums that over steps and windows and divides by the number of windows
 * {@code N}. The gradients here are those of the score, i.e. DL4J's gradient after the updater's
 * division by the mini-batch size. With {@code reverse}, decoder step {@code s} reconstructs
 * time {@code T - 1 - s} (EncDec-AD). Plain Java loops: the output is {@code F} wide and costs
 * {@code H x F} per window and step, little next to the LSTMs.
 */
final class OutputTrainLayer {

    private final int hidden;
    private final int features;
    private final int steps;
    private final boolean reverse;
    /** {@code [H][F]} as {@code w[u * F + f]}, and the bias {@code [F]}. */
    private final float[] w;
    private final float[] bias;
    private final float[][] y;
    private final float[][] dy;
    private final float[] row;
    private final float[] dw;
    private final float[] db;
    /** Loss gradient with respect to the decoder output of every step. */
    final float[][] dh;

    OutputTrainLayer(int hidden, int features, int steps, int capacity, boolean reverse) {
        this.hidden = hidden;
        this.features = features;
        this.steps = steps;
        this.reverse = reverse;
        this.w = new float[hidden * features];
        this.bias = new float[features];
        this.y = new float[features][capacity];
        this.dy = new float[features][capacity];
        this.row = new float[capacity];
        this.dw = new float[hidden * features];
        this.db = new float[features];
        this.dh = new float[steps][hidden * capacity];
    }

    void load(float[] params, ParamLayout.Output l) {
        for (int u = 0; u < hidden; u++) {
            for (int f = 0; f < features; f++) {
                w[u * features + f] = params[l.w() + u + f * hidden];
            }
        }
        System.arraycopy(params, l.b(), bias, 0, features);
    }

    void gradient(float[] grad, ParamLayout.Output l) {
        for (int u = 0; u < hidden; u++) {
            for (int f = 0; f < features; f++) {
                grad[l.w() + u + f * hidden] = dw[u * features + f];
            }
        }
        System.arraycopy(db, 0, grad, l.b(), features);
    }

    /**
     * Score of the {@code n} windows (NCW, time order) against the outputs computed from
     * {@code h[s]} ({@code H x n} per step), and every gradient of it.
     */
    double lossAndGradient(float[][] h, float[] windows, int n) {
        Arrays.fill(dw, 0f);
        Arrays.fill(db, 0f);
        float scale = 2f / ((float) n * features);
        double squares = 0;
        for (int s = 0; s < steps; s++) {
            forwardStep(h[s], n);
            int time = reverse ? steps - 1 - s : s;
            for (int f = 0; f < features; f++) {
                float[] yf = y[f];
                float[] d = dy[f];
                float sum = 0f;
                for (int b = 0; b < n; b++) {
                    float diff = yf[b] - windows[(b * features + f) * steps + time];
                    squares += (double) diff * diff;
                    d[b] = scale * diff;
                    sum += d[b];
                }
                db[f] += sum;
            }
            backwardStep(h[s], dh[s], n);
        }
        return squares / features / n;
    }

    private void forwardStep(float[] hs, int n) {
        for (int f = 0; f < features; f++) {
            Arrays.fill(y[f], 0, n, bias[f]);
        }
        for (int u = 0; u < hidden; u++) {
            // offset-zero copy of the hidden row so that the loops below vectorise
            System.arraycopy(hs, u * n, row, 0, n);
            for (int f = 0; f < features; f++) {
                axpy(w[u * features + f], row, y[f], n);
            }
        }
    }

    private void backwardStep(float[] hs, float[] dhs, int n) {
        for (int u = 0; u < hidden; u++) {
            System.arraycopy(hs, u * n, row, 0, n);
            for (int f = 0; f < features; f++) {
                dw[u * features + f] += dot(row, dy[f], n);
            }
            Arrays.fill(row, 0, n, 0f);
            for (int f = 0; f < features; f++) {
                axpy(w[u * features + f], dy[f], row, n);
            }
            System.arraycopy(row, 0, dhs, u * n, n);
        }
    }

    private static void axpy(float alpha, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static float dot(float[] x, float[] y, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
