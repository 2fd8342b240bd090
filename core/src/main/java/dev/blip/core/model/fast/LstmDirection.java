package dev.blip.core.model.fast;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Weights of one LSTM direction, kept in the layouts the fast pass reads, with the gate scaling
 * of {@link GateMath} folded in. Immutable and shared by every {@link FastLstmReconstructionModel}
 * instance built from the same network.
 *
 * <p>Rows of the stacked weight matrix, {@code K = nIn + 1 + hidden} of them, each
 * {@code 4 * hidden} wide: the input weights, then the bias, then the recurrent weights. The step
 * input is stacked the same way ({@code [x; 1; h]}), so one GEMM gives input projection, bias and
 * recurrence at once, and the two contiguous sub-ranges serve the decoder's first layer: rows
 * {@code [0, nIn + 1)} once per window (its input is the repeated latent vector), rows
 * {@code [nIn + 1, K)} per step. Columns are in DL4J's gate order: cell input (tanh), forget,
 * output, input modulation (sigmoids), each {@code hidden} wide.
 */
final class LstmDirection {

    final int nIn;
    final int hidden;
    /** {@code K x 4H}, one array per row so that the Java GEMM's row updates vectorise. */
    final float[][] rows;
    /** The same matrix transposed, {@code 4H x K} row-major, off-heap for BLAS. */
    final FloatPointer transposed;

    /**
     * @param w  input weights {@code [nIn][4H]} as DL4J stores them ("W")
     * @param rw recurrent weights {@code [H][4H]} ("RW")
     * @param b  bias {@code [4H]} ("b")
     */
    LstmDirection(float[][] w, float[][] rw, float[] b) {
        this.nIn = w.length;
        this.hidden = rw.length;
        int width = 4 * hidden;
        int k = nIn + 1 + hidden;
        this.rows = new float[k][];
        for (int p = 0; p < nIn; p++) {
            rows[p] = scaled(w[p], width, "W");
        }
        rows[nIn] = scaled(b, width, "b");
        for (int p = 0; p < hidden; p++) {
            rows[nIn + 1 + p] = scaled(rw[p], width, "RW");
        }
        float[] t = new float[width * k];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < width; j++) {
                t[j * k + p] = rows[p][j];
            }
        }
        this.transposed = new FloatPointer(t);
    }

    int stackedRows() {
        return nIn + 1 + hidden;
    }

    /**
     * Copies one weight row and folds in the gate scaling: x2 on the tanh block, x(-1) on the
     * three sigmoid blocks. Both are exact in binary floating point, so the GEMM result is the
     * exactly scaled pre-activation.
     */
    private float[] scaled(float[] row, int width, String name) {
        if (row.length != width) {
            throw new IllegalArgumentException(name + ": expected rows of 4 * hidden = " + width + " values, got " + row.length);
        }
        float[] out = new float[width];
        for (int j = 0; j < width; j++) {
            out[j] = j < hidden ? 2f * row[j] : -row[j];
        }
        return out;
    }
}
