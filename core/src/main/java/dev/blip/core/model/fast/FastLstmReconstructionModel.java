package dev.blip.core.model.fast;

import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.ReconstructionModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Batched inference without DL4J's layer machinery: the weights of the trained network are read
 * once into the layouts the gates need, and each time step of each LSTM direction is one GEMM
 * over the whole batch (OpenBLAS from {@link #DEFAULT_NATIVE_FROM} windows, a Java loop below)
 * followed by vectorised in-place gate arithmetic ({@link GateMath}). Matches
 * {@link dev.blip.core.model.Dl4jReconstructionModel} to float rounding (see the tests).
 *
 * <p>Threads: an instance owns mutable buffers, so {@link #reconstruct} is {@code synchronized};
 * for parallel scoring give each thread its own instance ({@link #copy()}, or
 * {@code ModelBundle.newScorer()} per stream thread). Copies share the immutable weights.
 *
 * <p>Allocation: buffers are sized for the largest batch seen so far (rounded up to a power of two,
 * at most {@link #DEFAULT_CHUNK} windows: larger batches run in chunks) and reused; {@link #reconstruct(float[], int, float[])} allocates nothing once warm.
 */
public final class FastLstmReconstructionModel implements ReconstructionModel {

    /** Batch size from which the GEMM goes to OpenBLAS (measured crossover, see BENCHMARKS.md). */
    public static final int DEFAULT_NATIVE_FROM = 4;

    /**
     * Larger batches run in chunks of this many windows, which bounds the buffers (the per-step
     * outputs of multi-layer stacks grow with T x H x batch). Not smaller: chunks of 64/128/256
     * windows measured 30 %/32 %/18 % slower than 1024 at H=64, T=32 (wider GEMMs win over
     * cache residency here).
     */
    public static final int DEFAULT_CHUNK = 1024;

    /** Batch size and calls of the JIT warm-up (see {@link #warmUpJitOnce()}). */
    private static final int WARM_UP_BATCH = 256;
    private static final int WARM_UP_CALLS = 3;
    private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

    private final ModelConfig config;
    private final FastLstmPlan plan;
    private final int nativeFrom;
    private final int chunk;
    private FastLstmPass pass;

    FastLstmReconstructionModel(ModelConfig config, FastLstmPlan plan, int nativeFrom, int chunk) {
        if (nativeFrom < 1 || chunk < 1) {
            throw new IllegalArgumentException("nativeFrom and chunk must be >= 1, got " + nativeFrom + " and " + chunk);
        }
        this.config = config;
        this.plan = plan;
        this.nativeFrom = nativeFrom;
        this.chunk = chunk;
    }

    /**
     * The fast pass for {@code network}.
     *
     * @throws UnsupportedNetworkException if the network is not of a shape the fast pass runs
     *                                     exactly (use {@link ReconstructionModels#forBundle} to fall back)
     */
    public static FastLstmReconstructionModel of(ModelConfig config, MultiLayerNetwork network) {
        return of(config, network, DEFAULT_NATIVE_FROM);
    }

    /** As {@link #of(ModelConfig, MultiLayerNetwork)} with an explicit OpenBLAS batch threshold. */
    public static FastLstmReconstructionModel of(ModelConfig config, MultiLayerNetwork network, int nativeFrom) {
        return of(config, network, nativeFrom, DEFAULT_CHUNK);
    }

    /** As {@link #of(ModelConfig, MultiLayerNetwork, int)} with an explicit chunk size (tests, benchmarks). */
    public static FastLstmReconstructionModel of(ModelConfig config, MultiLayerNetwork network, int nativeFrom, int chunk) {
        return new FastLstmReconstructionModel(config, Dl4jWeightExtractor.extract(config, network), nativeFrom, chunk);
    }

    /** An independent instance sharing the weights, for another thread. */
    public FastLstmReconstructionModel copy() {
        return new FastLstmReconstructionModel(config, plan, nativeFrom, chunk);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public String engine() {
        return "fast-lstm";
    }

    /**
     * On the first call in this JVM, runs a few reconstructions of {@value #WARM_UP_BATCH} zero
     * windows. C2 compiles the gate loops with the trip counts it has profiled: compiled during
     * batch-1 calls they stay ~30 % slower at batch 256 for the JVM's life, compiled at a large
     * batch first they are as fast at batch 1 (measured, BENCHMARKS.md). Costs ~0.1 s once;
     * the results of later calls do not depend on it.
     */
    void warmUpJitOnce() {
        if (WARMED_UP.compareAndSet(false, true)) {
            float[] windows = new float[WARM_UP_BATCH * config.features() * config.windowLength()];
            float[] out = new float[windows.length];
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                reconstruct(windows, WARM_UP_BATCH, out);
            }
        }
    }

    /** Floating-point operations per window (multiply-add counted as 2). */
    public long flopsPerWindow() {
        return plan.flopsPerWindow();
    }

    @Override
    public float[] reconstruct(float[] windows, int n) {
        float[] out = new float[n * config.features() * config.windowLength()];
        reconstruct(windows, n, out);
        return out;
    }

    /**
     * As {@link #reconstruct(float[], int)} into a caller-owned array of at least the same size
     * (the first {@code n * features * length} values are written).
     */
    public synchronized void reconstruct(float[] windows, int n, float[] out) {
        int size = n * config.features() * config.windowLength();
        if (n < 0 || windows.length != size || out.length < size) {
            throw new IllegalArgumentException("expected " + size + " values for " + n + " windows, got input "
                    + windows.length + " and output " + out.length);
        }
        for (int from = 0; from < n; from += chunk) {
            int part = Math.min(chunk, n - from);
            boolean useNative = part >= nativeFrom;
            ensureCapacity(part, useNative);
            pass.run(windows, from, part, out, useNative);
        }
    }

    private void ensureCapacity(int n, boolean useNative) {
        if (pass == null || pass.capacity < n || (useNative && !pass.hasNative())) {
            int grown = Integer.highestOneBit(Math.max(n, pass == null ? 1 : pass.capacity) - 1) << 1;
            int capacity = Math.min(chunk, Math.max(n, grown));
            pass = new FastLstmPass(plan, capacity, capacity >= nativeFrom);
        }
    }
}
