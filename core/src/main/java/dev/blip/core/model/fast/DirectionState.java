package dev.blip.core.model.fast;

import java.util.Arrays;

/**
 * Running state of one LSTM direction for up to {@code capacity} windows: the stacked step input
 * {@code [x; 1; h]} ({@code K x n}), the four gate blocks, the cell state and the output. Every
 * array is allocated once and reused, so a step allocates nothing.
 */
final class DirectionState {

    final LstmDirection w;
    private final GateGemm gemm;
    final float[] stacked;
    private final float[][] gates;
    private final float[][] additive;
    private final float[] cell;
    final float[] out;

    DirectionState(LstmDirection w, int capacity, boolean withNative, boolean withAdditive) {
        this.w = w;
        this.gemm = new GateGemm(w, capacity, withNative);
        int hn = w.hidden * capacity;
        this.stacked = new float[w.stackedRows() * capacity];
        this.gates = new float[][] {new float[hn], new float[hn], new float[hn], new float[hn]};
        this.additive = withAdditive ? new float[][] {new float[hn], new float[hn], new float[hn], new float[hn]} : null;
        this.cell = new float[hn];
        this.out = new float[hn];
    }

    boolean hasNative() {
        return gemm.hasNative();
    }

    /** Zero state for {@code n} windows; the bias row of the stacked input set to one. */
    void reset(int n) {
        Arrays.fill(stacked, w.nIn * n, (w.nIn + 1) * n, 1f);
        Arrays.fill(stacked, (w.nIn + 1) * n, w.stackedRows() * n, 0f);
        Arrays.fill(cell, 0, w.hidden * n, 0f);
    }

    /** Start row of the recurrent block of the stacked input. */
    int recurrentRow() {
        return w.nIn + 1;
    }

    /**
     * Input projection plus bias of the current input rows, kept to be added at every step
     * (the decoder's first layer, whose input is the same latent vector at every step).
     */
    void precomputeInput(int n, boolean useNative) {
        gemm.multiply(stacked, n, 0, w.nIn + 1, additive, useNative);
    }

    /**
     * One time step over stacked rows {@code [p0, p1)}: gates, cell update, and the new output
     * written back into the recurrent rows for the next step.
     */
    void step(int n, int p0, int p1, boolean useNative) {
        gemm.multiply(stacked, n, p0, p1, gates, useNative);
        int hn = w.hidden * n;
        for (int g = 0; g < 4; g++) {
            if (additive != null) {
                GateMath.addExpm1InPlace(gates[g], additive[g], hn);
            } else {
                GateMath.expm1InPlace(gates[g], hn);
            }
        }
        GateMath.cellUpdate(gates[0], gates[1], gates[2], gates[3], cell, out, hn);
        System.arraycopy(out, 0, stacked, (w.nIn + 1) * n, hn);
    }
}
