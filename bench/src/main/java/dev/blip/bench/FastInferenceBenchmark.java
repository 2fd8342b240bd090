package dev.blip.bench;

import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.ReconstructionModel;
import dev.blip.core.model.fast.FastLstmReconstructionModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Inference throughput of the same weights through DL4J ({@code MultiLayerNetwork.output}), the
 * native libnd4j {@code lstmLayer} op in a SameDiff graph ({@link SameDiffAutoencoder}) and the
 * fast pass ({@link FastLstmReconstructionModel}), one call per benchmark operation: windows/s =
 * ops/s x batch. The network is the product's autoencoder (1 feature, one encoder and one decoder
 * LSTM of {@code hidden} units, window {@code length}) with its seeded initial weights; the cost of
 * inference does not depend on the weight values. {@code flopsPerWindow} (printed at setup) is the
 * fast pass's arithmetic; divide windows/s x flops by {@link GemmBoundBenchmark}'s GFLOP/s for the
 * share of the GEMM bound. Run with {@code OMP_NUM_THREADS=1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class FastInferenceBenchmark {

    @Param({"fast", "dl4j", "samediff"})
    public String engine;

    @Param({"32", "64", "128"})
    public int hidden;

    @Param({"32", "64"})
    public int length;

    @Param({"1", "16", "64", "256", "1024"})
    public int batch;

    private ReconstructionModel model;
    private float[] windows;

    @Setup(Level.Trial)
    public void setUp() {
        ModelConfig config = ModelConfig.defaults(1, length).withHidden(List.of(hidden));
        MultiLayerNetwork network = AutoencoderFactory.build(config);
        FastLstmReconstructionModel fast = FastLstmReconstructionModel.of(config, network);
        model = switch (engine) {
            case "fast" -> fast;
            case "dl4j" -> new Dl4jReconstructionModel(config, network);
            case "samediff" -> new SameDiffAutoencoder(config, network);
            default -> throw new IllegalArgumentException("engine: expected fast, dl4j or samediff, got " + engine);
        };
        windows = new float[batch * length];
        Random random = new Random(7);
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (float) random.nextGaussian();
        }
        System.out.printf("%n# flopsPerWindow hidden=%d length=%d: %d%n", hidden, length, fast.flopsPerWindow());
    }

    @Benchmark
    public float[] reconstruct() {
        return model.reconstruct(windows, batch);
    }
}
