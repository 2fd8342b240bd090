package dev.blip.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * ND4J single-precision GEMM rate: the hardware bound inference is compared with. Shapes are
 * {@code MxKxN} for {@code [M x K] x [K x N]}: a large square product (peak), the LSTM-shaped
 * {@code [256 x 64] x [64 x 256]}, and the per-step products of a hidden-64 LSTM at batch 1024
 * and batch 1 ({@code [batch x (nIn + nOut)] x [(nIn + nOut) x 4 nOut]}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GemmBenchmark {

    @Param({"1024x1024x1024", "256x64x256", "1024x128x256", "1x128x256"})
    public String shape;

    private INDArray a;
    private INDArray b;
    private INDArray c;
    private long flopsPerCall;

    /** Counts floating-point operations, so JMH reports FLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;

        @Setup(Level.Iteration)
        public void reset() {
            flops = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] mkn = shape.split("x");
        long m = Long.parseLong(mkn[0]);
        long k = Long.parseLong(mkn[1]);
        long n = Long.parseLong(mkn[2]);
        Nd4j.getRandom().setSeed(7);
        a = Nd4j.rand(DataType.FLOAT, m, k);
        b = Nd4j.rand(DataType.FLOAT, k, n);
        c = Nd4j.create(DataType.FLOAT, m, n);
        flopsPerCall = 2 * m * k * n;
    }

    @Benchmark
    public INDArray sgemm(Flops counter, CpuCounter cpu) {
        cpu.start();
        INDArray out = Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        cpu.stop(flopsPerCall);
        counter.flops += flopsPerCall;
        return out;
    }
}
