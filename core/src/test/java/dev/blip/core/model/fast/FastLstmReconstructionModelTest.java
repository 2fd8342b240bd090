package dev.blip.core.model.fast;

import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast pass against DL4J's own forward pass, for every model option the fast pass supports,
 * on random weights and random windows, through both GEMM engines, at batch sizes around the
 * engine threshold and with a batch split into chunks (the last one below the threshold).
 *
 * <p>Weight scale: N(0, 0.2) weights (2-3x a Xavier init, so gates reach their saturated ranges
 * while the recurrence stays contractive, as in trained models). With N(0, 0.35) the recurrence
 * amplifies rounding so much that DL4J in float differs from DL4J in double by ~1e-5 of the
 * output scale; {@link #noLessAccurateThanDl4jWhenRoundingIsAmplified} covers that regime against
 * a double-precision reference.
 */
class FastLstmReconstructionModelTest {

    static Stream<Arguments> options() {
        List<Arguments> out = new ArrayList<>();
        List<List<Integer>> hidden = List.of(List.of(8), List.of(32), List.of(64), List.of(32, 8), List.of(64, 32));
        long seed = 1;
        for (List<Integer> h : hidden) {
            for (boolean reverse : new boolean[] {false, true}) {
                for (boolean bidi : new boolean[] {false, true}) {
                    for (int features : new int[] {1, 3}) {
                        int length = (seed % 2 == 0) ? 12 : 32;
                        out.add(Arguments.of(h, reverse, bidi, features, length, seed++));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "hidden={0} reverse={1} bidi={2} features={3} T={4}")
    @MethodSource("options")
    void matchesDl4jOnRandomWeightsAndWindows(List<Integer> hidden, boolean reverse, boolean bidi, int features, int length, long seed) {
        ModelConfig config = new ModelConfig(features, length, hidden, reverse, bidi, 1e-3, 1.0, seed);
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        randomiseParams(net, seed, 0.2f);
        Dl4jReconstructionModel dl4j = new Dl4jReconstructionModel(config, net);
        FastLstmReconstructionModel javaGemm = FastLstmReconstructionModel.of(config, net, Integer.MAX_VALUE);
        FastLstmReconstructionModel blasGemm = FastLstmReconstructionModel.of(config, net, 1);
        FastLstmReconstructionModel mixed = FastLstmReconstructionModel.of(config, net);
        FastLstmReconstructionModel chunked = FastLstmReconstructionModel.of(config, net, 4, 8);
        for (int n : new int[] {1, 7, 16, 33}) {
            float[] windows = randomWindows(n * features * length, seed * 31 + n);
            float[] expected = dl4j.reconstruct(windows, n);
            assertClose(javaGemm.reconstruct(windows, n), expected, "java gemm, n=" + n);
            assertClose(blasGemm.reconstruct(windows, n), expected, "openblas gemm, n=" + n);
            assertClose(mixed.reconstruct(windows, n), expected, "default engine, n=" + n);
            assertClose(chunked.reconstruct(windows, n), expected, "chunks of 8 windows, n=" + n);
        }
    }

    @ParameterizedTest(name = "hidden={0} bidi={1}")
    @MethodSource("amplifying")
    void noLessAccurateThanDl4jWhenRoundingIsAmplified(List<Integer> hidden, boolean bidi) {
        ModelConfig config = new ModelConfig(1, 32, hidden, true, bidi, 1e-3, 1.0, 35);
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        randomiseParams(net, 35, 0.35f);
        MultiLayerNetwork reference = AutoencoderFactory.build(config, DataType.DOUBLE);
        reference.setParams(net.params().castTo(DataType.DOUBLE));
        int n = 16;
        float[] windows = randomWindows(n * 32, 99);
        INDArray in = Nd4j.create(windows, new long[] {n, 1, 32}, 'c').castTo(DataType.DOUBLE);
        double[] exact = Dl4jReconstructionModel.reverseTime(reference.output(in, false)).dup('c').data().asDouble();
        double dl4jError = maxError(new Dl4jReconstructionModel(config, net).reconstruct(windows, n), exact);
        for (int nativeFrom : new int[] {1, Integer.MAX_VALUE}) {
            double fastError = maxError(FastLstmReconstructionModel.of(config, net, nativeFrom).reconstruct(windows, n), exact);
            assertThat(fastError).as("fast (nativeFrom=%d) vs double, DL4J float vs double = %s", nativeFrom, dl4jError)
                    .isLessThanOrEqualTo(2 * dl4jError + 1e-6);
        }
    }

    static Stream<Arguments> amplifying() {
        return Stream.of(Arguments.of(List.of(64, 32), false), Arguments.of(List.of(64, 32), true), Arguments.of(List.of(64), false));
    }

    private static double maxError(float[] actual, double[] exact) {
        double worst = 0;
        for (int i = 0; i < exact.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - exact[i]));
        }
        return worst;
    }

    /**
     * Tolerance: 1e-5 relative to each value plus 1e-5 of the largest magnitude in the batch, so
     * that values near zero (where relative error is meaningless) are judged on the output's scale.
     */
    static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double excess = Math.abs(actual[i] - expected[i]) - (1e-5 * Math.abs(expected[i]) + 1e-5 * scale);
            if (worstAt < 0 || excess > worst) {
                worst = excess;
                worstAt = i;
            }
        }
        assertThat(worst).as("%s: worst element %d, fast %s vs dl4j %s (scale %s)", what, worstAt,
                actual[worstAt], expected[worstAt], scale).isLessThanOrEqualTo(0.0);
    }

    static void randomiseParams(MultiLayerNetwork net, long seed, float scale) {
        Random random = new Random(seed);
        float[] p = new float[(int) net.numParams()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextGaussian() * scale;
        }
        net.setParams(Nd4j.create(p, new long[] {1, p.length}));
    }

    static float[] randomWindows(int size, long seed) {
        Random random = new Random(seed);
        float[] w = new float[size];
        for (int i = 0; i < size; i++) {
            w[i] = (float) (random.nextGaussian() * 1.5);
        }
        return w;
    }
}
