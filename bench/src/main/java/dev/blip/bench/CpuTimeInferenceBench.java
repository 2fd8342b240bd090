package dev.blip.bench;

import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.ReconstructionModel;
import dev.blip.core.model.fast.FastLstmReconstructionModel;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Random;

/**
 * A bench command for a shared machine: the same comparisons as {@link FastInferenceBenchmark}
 * and {@link GemmBoundBenchmark}, but timed by the benchmark thread's CPU time as well as wall
 * time. When other processes compete for the cores, wall-clock throughput mostly measures the
 * competition; work per CPU-second (single-threaded code, no SMT on the target) still compares
 * the engines, and the share of the sgemm bound computed from CPU time is stable.
 *
 * <p>Usage: {@code java -cp ... dev.blip.bench.CpuTimeInferenceBench [cpuSecondsPerCase [hidden,...]]}
 * with {@code OMP_NUM_THREADS=1}. Prints one line per case.
 */
public final class CpuTimeInferenceBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTimeInferenceBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.7;
        double bound = 0;
        for (int[] s : new int[][] {{1024, 1024, 1024}, {128, 34, 256}, {256, 66, 256}, {512, 130, 256}, {256, 66, 1024}}) {
            double gflops = sgemm(s[0], s[1], s[2], seconds);
            bound = Math.max(bound, gflops);
        }
        int[] sizes = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {32, 64, 128};
        for (int hidden : sizes) {
            for (int length : new int[] {32, 64}) {
                // Largest batch first: C2 compiles the gate loops with the trip counts it has seen, and
                // loops compiled during batch-1 calls (64-element trip counts) stay ~30 % slower at
                // batch 256 for the rest of the JVM's life (measured); compiled at batch 256 first
                // they are as fast at batch 1 and faster at batch 16.
                for (int batch : new int[] {1024, 256, 64, 16, 1}) {
                    boolean baselines = length == 32 && (batch == 1 || batch == 256);
                    for (String engine : baselines ? new String[] {"fast", "dl4j", "samediff"} : new String[] {"fast"}) {
                        inference(engine, hidden, length, batch, seconds, bound);
                    }
                }
            }
        }
    }

    private static double sgemm(int m, int k, int n, double seconds) {
        FloatPointer a = filled(m * k);
        FloatPointer b = filled(k * n);
        FloatPointer c = new FloatPointer((long) m * n);
        Runnable call = () -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasNoTrans, m, n, k, 1f, a, k, b, n, 0f, c, n);
        double[] perCall = time(call, seconds);
        double flops = 2.0 * m * k * n;
        System.out.printf("sgemm %dx%dx%d: %.1f GFLOP/s per CPU-second, %.1f per wall second%n", m, k, n,
                flops / perCall[0] / 1e9, flops / perCall[1] / 1e9);
        return flops / perCall[0] / 1e9;
    }

    /** Ordinary values (no zeros or subnormals, which could change the timing). */
    private static FloatPointer filled(int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) Math.sin(i + 1);
        }
        return new FloatPointer(values);
    }

    private static void inference(String engine, int hidden, int length, int batch, double seconds, double bound) {
        ModelConfig config = ModelConfig.defaults(1, length).withHidden(List.of(hidden));
        MultiLayerNetwork network = AutoencoderFactory.build(config);
        FastLstmReconstructionModel fast = FastLstmReconstructionModel.of(config, network);
        ReconstructionModel model = switch (engine) {
            case "fast" -> fast;
            case "dl4j" -> new Dl4jReconstructionModel(config, network);
            default -> new SameDiffAutoencoder(config, network);
        };
        float[] windows = new float[batch * length];
        Random random = new Random(7);
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (float) random.nextGaussian();
        }
        double[] perCall = time(() -> model.reconstruct(windows, batch), seconds);
        double cpuRate = batch / perCall[0];
        double gflops = cpuRate * fast.flopsPerWindow() / 1e9;
        System.out.printf("%-8s hidden=%3d T=%2d batch=%4d: %9.0f windows/CPU-s %9.0f windows/wall-s  %5.1f GFLOP/CPU-s  %4.0f %% of bound%n",
                engine, hidden, length, batch, cpuRate, batch / perCall[1], gflops, 100 * gflops / bound);
    }

    /** Seconds per call {@code {cpu, wall}} after a warm-up of half the budget. */
    private static double[] time(Runnable call, double seconds) {
        run(call, seconds / 2);
        return run(call, seconds);
    }

    private static double[] run(Runnable call, double seconds) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long calls = 0;
        long cpu;
        do {
            call.run();
            calls++;
            cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        } while (cpu < seconds * 1e9 || calls < 2);
        return new double[] {cpu / 1e9 / calls, (System.nanoTime() - wall0) / 1e9 / calls};
    }
}
