/**
 * JMH benchmarks. {@link dev.blip.bench.ReconstructionBenchmark} holds the shared shape
 * parameters (batch, window length, features, hidden size) and the measured call; each inference
 * path is one small subclass that only builds its {@link dev.blip.core.model.ReconstructionModel}
 * ({@link dev.blip.bench.InferenceBenchmark} for DL4J). {@link dev.blip.bench.GemmBenchmark}
 * measures the machine's ND4J sgemm rate, and {@link dev.blip.bench.ModelFlops} counts the
 * multiply-adds of one window, so results can be read as a fraction of the GEMM bound.
 *
 * <p>Run with {@code OMP_NUM_THREADS=1} (see BENCHMARKS.md); numbers are rates, so every
 * benchmark reports an auxiliary counter ({@code windows} or {@code flops}) per second, plus
 * {@link dev.blip.bench.CpuCounter} totals for the rate per CPU second of the benchmark thread.
 */
package dev.blip.bench;
