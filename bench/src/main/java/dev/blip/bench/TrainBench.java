package dev.blip.bench;

import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.train.FastAutoencoderTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Random;

/**
 * Training throughput of the two training paths on the same model and data, in one JVM: our
 * {@link FastAutoencoderTrainer} and DL4J's {@code MultiLayerNetwork.fit}, both as the trainer's fit
 * loop drives them (masked newest step as input, the whole window as target, one Adam step per
 * batch). Both start from the same seeded weights and see the same batches. The paths alternate
 * in rounds (fast, DL4J, fast, DL4J, ...) so that a change in the machine's load hits both; each
 * round is timed by wall clock and by the thread's CPU time.
 *
 * <p>Usage: {@code java -cp ... dev.blip.bench.TrainBench [T [hidden [batch [secondsPerRound [rounds]]]]]}
 * (defaults 32, 32, 64, 5, 3) with {@code OMP_NUM_THREADS=1}. One feature; seeded noisy sines.
 * The last line is {@code train windows/s fast=<n> dl4j=<m> ratio=<r>} (wall clock, all rounds).
 */
public final class TrainBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int WINDOWS = 4096;

    private TrainBench() {
    }

    /** A path under test: one training step on the batch starting at window {@code from}; returns its loss. */
    private interface Path {
        double step(int from, int n);
    }

    public static void main(String[] args) {
        int length = arg(args, 0, 32);
        int hidden = arg(args, 1, 32);
        int batch = arg(args, 2, 64);
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        int rounds = arg(args, 4, 3);
        ModelConfig config = new ModelConfig(1, length, List.of(hidden), false, false, 1e-3, 1.0, 42L, 1);
        float[] windows = windows(length);
        float[] inputs = masked(windows, length);
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        FastAutoencoderTrainer fast = new FastAutoencoderTrainer(config, net, batch);
        Path fastPath = (from, n) -> fast.fit(slice(inputs, from, n, length), slice(windows, from, n, length), n);
        Path dl4jPath = (from, n) -> dl4jStep(net, config, inputs, windows, from, n);
        System.out.printf("TrainBench T=%d hidden=%d batch=%d features=1, %d windows, %d rounds of %.1f s per path%n",
                length, hidden, batch, WINDOWS, rounds, seconds);
        // warm-up: JIT for both paths (and DL4J's workspaces) before any timing
        run(fastPath, batch, seconds / 2, "warm-up fast");
        run(dl4jPath, batch, seconds / 2, "warm-up dl4j");
        double[] fastTotal = new double[3];
        double[] dl4jTotal = new double[3];
        for (int r = 1; r <= rounds; r++) {
            add(fastTotal, run(fastPath, batch, seconds, "round " + r + " fast"));
            add(dl4jTotal, run(dl4jPath, batch, seconds, "round " + r + " dl4j"));
        }
        double fastRate = fastTotal[0] / fastTotal[1];
        double dl4jRate = dl4jTotal[0] / dl4jTotal[1];
        System.out.printf("per CPU-second: fast=%.0f dl4j=%.0f ratio=%.2f%n", fastTotal[0] / fastTotal[2],
                dl4jTotal[0] / dl4jTotal[2], (fastTotal[0] / fastTotal[2]) / (dl4jTotal[0] / dl4jTotal[2]));
        System.out.printf("train windows/s fast=%.0f dl4j=%.0f ratio=%.2f%n", fastRate, dl4jRate, fastRate / dl4jRate);
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static void add(double[] total, double[] round) {
        for (int i = 0; i < total.length; i++) {
            total[i] += round[i];
        }
    }

    /** Steps through the data in batch order for {@code seconds} of wall time; returns {windows, wall s, CPU s}. */
    private static double[] run(Path path, int batch, double seconds, String label) {
        long wall0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long windows = 0;
        int from = 0;
        double loss = 0;
        do {
            int n = Math.min(batch, WINDOWS - from);
            loss = path.step(from, n);
            windows += n;
            from = from + n >= WINDOWS ? 0 : from + n;
        } while (System.nanoTime() - wall0 < seconds * 1e9);
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("%-14s %8d windows  %7.0f windows/s  %7.0f windows/CPU-s  last batch loss %.4f%n",
                label, windows, windows / wall, windows / cpu, loss);
        return new double[] {windows, wall, cpu};
    }

    /** What the trainer's DL4J path does per batch: NCW arrays, one {@code fit}. */
    private static double dl4jStep(MultiLayerNetwork net, ModelConfig config, float[] inputs, float[] windows, int from, int n) {
        long[] shape = {n, 1, config.windowLength()};
        INDArray x = Nd4j.create(slice(inputs, from, n, config.windowLength()), shape, 'c');
        INDArray t = Nd4j.create(slice(windows, from, n, config.windowLength()), shape, 'c');
        INDArray y = config.reverseOrder() ? Dl4jReconstructionModel.reverseTime(t) : t;
        net.fit(new DataSet(x, y));
        return net.score();
    }

    private static float[] slice(float[] data, int from, int n, int length) {
        float[] out = new float[n * length];
        System.arraycopy(data, from * length, out, 0, n * length);
        return out;
    }

    /** Seeded noisy sines of random period and phase, one feature. */
    private static float[] windows(int length) {
        Random random = new Random(42);
        float[] out = new float[WINDOWS * length];
        for (int w = 0; w < WINDOWS; w++) {
            double period = 8 + 40 * random.nextDouble();
            double phase = 2 * Math.PI * random.nextDouble();
            for (int t = 0; t < length; t++) {
                out[w * length + t] = (float) (Math.sin(phase + 2 * Math.PI * t / period) + 0.1 * random.nextGaussian());
            }
        }
        return out;
    }

    private static float[] masked(float[] windows, int length) {
        float[] out = windows.clone();
        for (int w = 0; w < WINDOWS; w++) {
            out[w * length + length - 1] = 0f;
        }
        return out;
    }
}
