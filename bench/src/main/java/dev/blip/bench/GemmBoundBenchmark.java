package dev.blip.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
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
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.TimeUnit;

/**
 * The sgemm bound for {@link FastInferenceBenchmark}: OpenBLAS (the BLAS ND4J uses) on
 * preallocated off-heap matrices, {@code C[m x n] = A[m x k] * B[k x n]}, one call per operation;
 * GFLOP/s = ops/s x 2mnk / 1e9. Shapes: the square 1024 case and the fast pass's own per-step
 * shape, {@code [4H x (H+2)] x [(H+2) x batch]} for a first encoder layer with one feature.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBoundBenchmark {

    /** {@code m x k x n}. */
    @Param({"1024x1024x1024", "128x34x256", "256x66x256", "512x130x256", "256x66x1024"})
    public String shape;

    private int m;
    private int k;
    private int n;
    private FloatPointer a;
    private FloatPointer b;
    private FloatPointer c;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.create(1); // same library initialisation as the inference benchmarks
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        a = filled((long) m * k);
        b = filled((long) k * n);
        c = new FloatPointer((long) m * n);
    }

    private static FloatPointer filled(long size) {
        float[] values = new float[(int) size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i);
        }
        return new FloatPointer(values);
    }

    @Benchmark
    public FloatPointer sgemm() {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasNoTrans, m, n, k, 1f, a, k, b, n, 0f, c, n);
        return c;
    }
}
