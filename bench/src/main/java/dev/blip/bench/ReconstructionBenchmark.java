package dev.blip.bench;

import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.ReconstructionModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Batched reconstruction throughput of one {@link ReconstructionModel}. Subclasses only say how
 * the model is built from a {@link ModelConfig}; shapes, input and the measured call are shared,
 * so every inference path is measured the same way. The input is seeded noise of the scale the
 * normalised pipeline produces; for throughput the values do not matter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class ReconstructionBenchmark {

    @Param({"1", "16", "64", "256", "1024"})
    public int batch;

    @Param({"32", "64"})
    public int hidden;

    @Param({"32"})
    public int windowLength;

    @Param({"1"})
    public int features;

    protected ModelConfig config;
    protected ReconstructionModel model;
    protected float[] input;

    /** The inference path under test, for a randomly initialised network of this shape. */
    protected abstract ReconstructionModel createModel(ModelConfig config);

    @Setup(Level.Trial)
    public void setUp() {
        config = ModelConfig.defaults(features, windowLength).withHidden(List.of(hidden));
        model = createModel(config);
        SplittableRandom rnd = new SplittableRandom(7);
        input = new float[batch * features * windowLength];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        float[] out = model.reconstruct(input, batch);
        if (out.length != input.length) {
            throw new IllegalStateException(model.engine() + " returned " + out.length + " values, expected " + input.length);
        }
        System.out.printf("%n%s: hidden=%d T=%d features=%d, %,d FLOPs/window%n", model.engine(), hidden,
                windowLength, features, ModelFlops.perWindow(config));
    }

    @Benchmark
    public float[] reconstruct(WindowCounter counter, CpuCounter cpu) {
        cpu.start();
        float[] out = model.reconstruct(input, batch);
        cpu.stop(batch);
        counter.windows += batch;
        return out;
    }
}
