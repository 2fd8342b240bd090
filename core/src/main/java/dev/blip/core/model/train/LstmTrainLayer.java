package dev.blip.core.model.train;

import dev.blip.core.model.fast.GateMath;
import org.bytedeco.javacpp.FloatPointer;

import java.util.Arrays;

/**
 * One DL4J {@code LSTM} layer (no peepholes; gates in DL4J's order: cell input {@code a} (tanh),
 * forget {@code f}, output {@code o}, input gate {@code g}; {@code c = f c' + g a},
 * {@code h = o tanh(c)}) trained over whole windows: a forward pass that keeps what the backward
 * pass needs, and backpropagation through time.
 *
 * <p>Same layout as the fast inference pass: state unit-major with one column per window
 * ({@code H x n}); each step is one GEMM {@code [4H x K] x [K x n]} over the stacked input
 * {@code [x; 1; h']} with the gate scaling of {@link GateMath} folded into the weights (x2 on the
 * tanh block, x(-1) on the sigmoid blocks), so the gate kernels are the inference kernels. Gradients
 * are taken with respect to the scaled weights and scaled back exactly (powers of two, sign) when
 * read out. The stacked inputs of all steps stay off-heap for the weight gradient, which is
 * accumulated by one GEMM per step; the backward step's recurrent (and input) gradient is one GEMM
 * {@code [K x 4H] x [4H x n]}. A layer whose input is the same at every step (the decoder's first
 * layer reads the repeated latent vector) computes its input projection once per batch, and its
 * input gradient once from the summed gate gradients.
 *
 * <p>Every buffer is allocated once for {@code capacity} windows; a step allocates nothing.
 */
final class LstmTrainLayer {

    private static final int A = 0;
    private static final int F = 1;
    private static final int O = 2;
    private static final int G = 3;

    final int nIn;
    final int hidden;
    private final int steps;
    private final int k;
    private final boolean constantInput;
    private final boolean inputGradient;
    /** First stacked row that changes from step to step. */
    private final int p0;

    private final FloatPointer w;
    private final FloatPointer dw;
    private final FloatPointer sAll;
    private final FloatPointer z;
    private final FloatPointer dz;
    private final FloatPointer ds;
    private final float[] rows;

    private final float[] stacked;
    private final float[][][] gates;
    private final float[][] cell;
    private final float[][] tanhCell;
    /** Output {@code h} of every step, {@code H x n} each. */
    final float[][] out;
    private final float[][] zin;

    private final float[] dh;
    private final float[] dc;
    private final float[] dhRec;
    private final float[][] dzg;
    private final float[][] dzSum;
    /** Gradient with respect to the input of every step (one array when the input is constant). */
    final float[][] dIn;

    /**
     * @param constantInput the input is the same at every step ({@code forward} reads {@code in[0]})
     * @param inputGradient compute {@link #dIn} (false for the network's first layer)
     */
    LstmTrainLayer(int nIn, int hidden, int steps, int capacity, boolean constantInput, boolean inputGradient) {
        this.nIn = nIn;
        this.hidden = hidden;
        this.steps = steps;
        this.k = nIn + 1 + hidden;
        this.constantInput = constantInput;
        this.inputGradient = inputGradient;
        this.p0 = constantInput ? nIn + 1 : 0;
        int hn = hidden * capacity;
        this.w = new FloatPointer(4L * hidden * k);
        this.dw = new FloatPointer(4L * hidden * k);
        this.sAll = new FloatPointer((long) steps * k * capacity);
        this.z = new FloatPointer(4L * hn);
        this.dz = new FloatPointer(4L * hn);
        this.ds = new FloatPointer((long) k * capacity);
        this.rows = new float[4 * hidden * k];
        this.stacked = new float[k * capacity];
        this.gates = new float[steps][4][hn];
        this.cell = new float[steps][hn];
        this.tanhCell = new float[steps][hn];
        this.out = new float[steps][hn];
        this.zin = constantInput ? new float[4][hn] : null;
        this.dh = new float[hn];
        this.dc = new float[hn];
        this.dhRec = new float[hn];
        this.dzg = new float[4][hn];
        this.dzSum = constantInput ? new float[4][hn] : null;
        this.dIn = inputGradient ? new float[constantInput ? 1 : steps][nIn * capacity] : null;
    }

    /** Exact gate scaling folded into the weights: x2 for the tanh block, x(-1) for the sigmoid blocks. */
    private float scale(int unit) {
        return unit < hidden ? 2f : -1f;
    }

    /** Uploads this layer's weights from DL4J's flat parameter vector. */
    void load(float[] params, ParamLayout.Lstm l) {
        for (int j = 0; j < 4 * hidden; j++) {
            float s = scale(j);
            int row = j * k;
            for (int r = 0; r < nIn; r++) {
                rows[row + r] = s * params[l.w() + j * nIn + r];
            }
            rows[row + nIn] = s * params[l.b() + j];
            for (int r = 0; r < hidden; r++) {
                rows[row + nIn + 1 + r] = s * params[l.rw() + j * hidden + r];
            }
        }
        Blas.put(w, 0, rows, 0, rows.length);
    }

    /** Writes this layer's gradient (of the last {@link #backward}) into DL4J's flat layout. */
    void gradient(float[] grad, ParamLayout.Lstm l) {
        Blas.get(dw, 0, rows, rows.length);
        for (int j = 0; j < 4 * hidden; j++) {
            float s = scale(j);
            int row = j * k;
            for (int r = 0; r < nIn; r++) {
                grad[l.w() + j * nIn + r] = s * rows[row + r];
            }
            grad[l.b() + j] = s * rows[row + nIn];
            for (int r = 0; r < hidden; r++) {
                grad[l.rw() + j * hidden + r] = s * rows[row + nIn + 1 + r];
            }
        }
    }

    /** Runs all steps for {@code n} windows; {@code in[t]} is the {@code nIn x n} input of step t. */
    void forward(float[][] in, int n) {
        int hn = hidden * n;
        Arrays.fill(stacked, nIn * n, (nIn + 1) * n, 1f);
        Arrays.fill(stacked, (nIn + 1) * n, k * n, 0f);
        if (constantInput) {
            System.arraycopy(in[0], 0, stacked, 0, nIn * n);
            Blas.put(sAll, 0, stacked, 0, (nIn + 1) * n);
            Blas.gemm(false, false, 4 * hidden, n, nIn + 1, w, 0, k, sAll, 0, n, 0f, z, 0, n);
            for (int g = 0; g < 4; g++) {
                Blas.get(z, (long) g * hn, zin[g], hn);
            }
        }
        for (int s = 0; s < steps; s++) {
            if (!constantInput) {
                System.arraycopy(in[s], 0, stacked, 0, nIn * n);
            }
            long block = (long) s * k * n + (long) p0 * n;
            Blas.put(sAll, block, stacked, p0 * n, (k - p0) * n);
            Blas.gemm(false, false, 4 * hidden, n, k - p0, w, p0, k, sAll, block, n, 0f, z, 0, n);
            float[][] gs = gates[s];
            for (int g = 0; g < 4; g++) {
                Blas.get(z, (long) g * hn, gs[g], hn);
                if (constantInput) {
                    GateMath.addExpm1InPlace(gs[g], zin[g], hn);
                } else {
                    GateMath.expm1InPlace(gs[g], hn);
                }
            }
            GateKernels.activate(gs[A], gs[F], gs[O], gs[G], hn);
            GateKernels.cell(gs[A], gs[F], gs[G], s == 0 ? null : cell[s - 1], cell[s], hn);
            GateKernels.output(cell[s], gs[O], tanhCell[s], out[s], hn);
            System.arraycopy(out[s], 0, stacked, (nIn + 1) * n, hn);
        }
    }

    /**
     * Backpropagation through time after {@link #forward}: {@code dOut[t]} is the loss gradient with
     * respect to {@code h} at step t from the layer above (null: none at that step). Leaves the
     * weight gradient off-heap (read it with {@link #gradient}) and the input gradient in {@link #dIn}.
     */
    void backward(float[][] dOut, int n) {
        int hn = hidden * n;
        Arrays.fill(dhRec, 0, hn, 0f);
        Arrays.fill(dc, 0, hn, 0f);
        if (constantInput) {
            for (float[] sum : dzSum) {
                Arrays.fill(sum, 0, hn, 0f);
            }
        }
        for (int s = steps - 1; s >= 0; s--) {
            if (dOut[s] != null) {
                GateKernels.sum(dOut[s], dhRec, dh, hn);
            } else {
                System.arraycopy(dhRec, 0, dh, 0, hn);
            }
            float[][] gs = gates[s];
            GateKernels.gateGradients(gs[A], gs[F], gs[O], gs[G], s == 0 ? null : cell[s - 1], tanhCell[s], dh, dc,
                    dzg[A], dzg[F], dzg[O], dzg[G], hn);
            backwardGemms(s, n);
        }
        if (constantInput) {
            constantInputGradients(n);
        }
    }

    /**
     * The GEMMs of backward step {@code s}, from the gate gradients in {@link #dzg}: the weight
     * gradient accumulated over the step's stacked input, then the gradient with respect to the
     * previous output (not at step 0) and, when wanted, to the step's input.
     */
    private void backwardGemms(int s, int n) {
        int hn = hidden * n;
        for (int g = 0; g < 4; g++) {
            Blas.put(dz, (long) g * hn, dzg[g], 0, hn);
            if (constantInput) {
                GateKernels.addInPlace(dzSum[g], dzg[g], hn);
            }
        }
        long block = (long) s * k * n + (long) p0 * n;
        Blas.gemm(false, true, 4 * hidden, k - p0, n, dz, 0, n, sAll, block, n, s == steps - 1 ? 0f : 1f, dw, p0, k);
        int q0 = inputGradient && !constantInput ? 0 : nIn + 1;
        if (s == 0 && q0 > 0) {
            return;
        }
        Blas.gemm(true, false, k - q0, n, 4 * hidden, w, q0, k, dz, 0, n, 0f, ds, 0, n);
        if (s > 0) {
            Blas.get(ds, (long) (nIn + 1 - q0) * n, dhRec, hn);
        }
        if (q0 == 0) {
            Blas.get(ds, 0, dIn[s], nIn * n);
        }
    }

    /** Input-projection gradients of a constant-input layer, from the gate gradients summed over steps. */
    private void constantInputGradients(int n) {
        int hn = hidden * n;
        for (int g = 0; g < 4; g++) {
            Blas.put(dz, (long) g * hn, dzSum[g], 0, hn);
        }
        Blas.gemm(false, true, 4 * hidden, p0, n, dz, 0, n, sAll, 0, n, 0f, dw, 0, k);
        if (inputGradient) {
            Blas.gemm(true, false, nIn, n, 4 * hidden, w, 0, k, dz, 0, n, 0f, ds, 0, n);
            Blas.get(ds, 0, dIn[0], nIn * n);
        }
    }
}
