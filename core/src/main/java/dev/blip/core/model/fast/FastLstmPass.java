package dev.blip.core.model.fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The forward pass of a {@link FastLstmPlan} for up to {@code capacity} windows, with every buffer
 * it needs. Layers run one after another over the whole window (a bidirectional layer needs its
 * whole input before the backward direction can start); only multi-layer stacks keep per-step
 * outputs. Not thread-safe.
 */
final class FastLstmPass {

    private final FastLstmPlan plan;
    final int capacity;
    private final List<DirectionState> forward = new ArrayList<>();
    private final List<DirectionState> backward = new ArrayList<>();
    private final List<DirectionState> decoder = new ArrayList<>();
    /** Per-step outputs of every layer except the last encoder and the last decoder layer. */
    private final float[][][] encoderSeq;
    private final float[][][] decoderSeq;
    /** Output layer accumulators, one row per feature, and a copy of one hidden row (see writeOutput). */
    private final float[][] outAcc;
    private final float[] hiddenRow;

    FastLstmPass(FastLstmPlan plan, int capacity, boolean withNative) {
        this.plan = plan;
        this.capacity = capacity;
        int t = plan.windowLength();
        List<FastLstmPlan.EncoderLayer> enc = plan.encoder();
        encoderSeq = new float[enc.size() - 1][][];
        for (int i = 0; i < enc.size(); i++) {
            FastLstmPlan.EncoderLayer layer = enc.get(i);
            forward.add(new DirectionState(layer.forward(), capacity, withNative, false));
            backward.add(layer.backward() == null ? null : new DirectionState(layer.backward(), capacity, withNative, false));
            if (i < enc.size() - 1) {
                encoderSeq[i] = new float[t][layer.outputSize() * capacity];
            }
        }
        List<LstmDirection> dec = plan.decoder();
        decoderSeq = new float[dec.size() - 1][][];
        for (int i = 0; i < dec.size(); i++) {
            decoder.add(new DirectionState(dec.get(i), capacity, withNative, i == 0));
            if (i < dec.size() - 1) {
                decoderSeq[i] = new float[t][dec.get(i).hidden * capacity];
            }
        }
        outAcc = new float[plan.features()][capacity];
        hiddenRow = new float[capacity];
    }

    boolean hasNative() {
        return forward.get(0).hasNative();
    }

    /**
     * Reconstructs the {@code n <= capacity} NCW windows starting at window {@code from} of
     * {@code windows} into the same positions of {@code out}.
     */
    void run(float[] windows, int from, int n, float[] out, boolean useNative) {
        int last = forward.size() - 1;
        for (int i = 0; i <= last; i++) {
            encode(i, windows, from, n, i == last, useNative);
        }
        DirectionState first = decoder.get(0);
        DirectionState top = forward.get(last);
        DirectionState topBack = backward.get(last);
        first.reset(n);
        System.arraycopy(top.out, 0, first.stacked, 0, top.w.hidden * n);
        if (topBack != null) {
            System.arraycopy(topBack.out, 0, first.stacked, top.w.hidden * n, topBack.w.hidden * n);
        }
        first.precomputeInput(n, useNative);
        for (int i = 0; i < decoder.size(); i++) {
            decode(i, from, n, out, useNative);
        }
    }

    private void encode(int layer, float[] windows, int from, int n, boolean last, boolean useNative) {
        DirectionState fwd = forward.get(layer);
        DirectionState bwd = backward.get(layer);
        int t = plan.windowLength();
        int k = fwd.w.stackedRows();
        fwd.reset(n);
        for (int s = 0; s < t; s++) {
            loadEncoderInput(fwd, layer, windows, from, n, s);
            fwd.step(n, 0, k, useNative);
            if (!last) {
                System.arraycopy(fwd.out, 0, encoderSeq[layer][s], 0, fwd.w.hidden * n);
            }
        }
        if (bwd == null) {
            return;
        }
        bwd.reset(n);
        if (last) {
            // LastTimeStep keeps time step T-1, where the backward direction has seen only x[T-1].
            loadEncoderInput(bwd, layer, windows, from, n, t - 1);
            bwd.step(n, 0, bwd.recurrentRow(), useNative);
            return;
        }
        for (int s = t - 1; s >= 0; s--) {
            loadEncoderInput(bwd, layer, windows, from, n, s);
            bwd.step(n, 0, k, useNative);
            System.arraycopy(bwd.out, 0, encoderSeq[layer][s], fwd.w.hidden * n, bwd.w.hidden * n);
        }
    }

    private void loadEncoderInput(DirectionState state, int layer, float[] windows, int from, int n, int step) {
        if (layer > 0) {
            System.arraycopy(encoderSeq[layer - 1][step], 0, state.stacked, 0, state.w.nIn * n);
            return;
        }
        int f = plan.features();
        int t = plan.windowLength();
        float[] dst = state.stacked;
        for (int j = 0; j < f; j++) {
            int row = j * n;
            for (int b = 0; b < n; b++) {
                dst[row + b] = windows[((from + b) * f + j) * t + step];
            }
        }
    }

    private void decode(int layer, int from, int n, float[] out, boolean useNative) {
        DirectionState d = decoder.get(layer);
        int t = plan.windowLength();
        boolean lastLayer = layer == decoder.size() - 1;
        if (layer > 0) {
            d.reset(n);
        }
        for (int s = 0; s < t; s++) {
            if (layer == 0) {
                d.step(n, d.recurrentRow(), d.w.stackedRows(), useNative);
            } else {
                System.arraycopy(decoderSeq[layer - 1][s], 0, d.stacked, 0, d.w.nIn * n);
                d.step(n, 0, d.w.stackedRows(), useNative);
            }
            if (lastLayer) {
                writeOutput(d.out, from, n, plan.reverseOrder() ? t - 1 - s : s, out);
            } else {
                System.arraycopy(d.out, 0, decoderSeq[layer][s], 0, d.w.hidden * n);
            }
        }
    }

    /**
     * The linear output layer for one step, written at time {@code step} of every window. Each
     * hidden row is first copied to an offset-zero array so that the accumulation loop vectorises
     * (C2 does not vectorise a loop over two arrays at different variable offsets).
     */
    private void writeOutput(float[] h, int from, int n, int step, float[] out) {
        int f = plan.features();
        int t = plan.windowLength();
        int hidden = plan.outputHidden();
        float[] w = plan.outWeights();
        float[] bias = plan.outBias();
        for (int j = 0; j < f; j++) {
            Arrays.fill(outAcc[j], 0, n, bias[j]);
        }
        for (int u = 0; u < hidden; u++) {
            System.arraycopy(h, u * n, hiddenRow, 0, n);
            for (int j = 0; j < f; j++) {
                accumulate(outAcc[j], w[u * f + j], hiddenRow, n);
            }
        }
        for (int j = 0; j < f; j++) {
            float[] acc = outAcc[j];
            for (int b = 0; b < n; b++) {
                out[((from + b) * f + j) * t + step] = acc[b];
            }
        }
    }

    private static void accumulate(float[] acc, float weight, float[] row, int n) {
        for (int b = 0; b < n; b++) {
            acc[b] += weight * row[b];
        }
    }
}
