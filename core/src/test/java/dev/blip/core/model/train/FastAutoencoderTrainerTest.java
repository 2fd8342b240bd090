package dev.blip.core.model.train;

import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fast trainer against DL4J: loss and gradients against DL4J's own (in double precision, so
 * that the reference's rounding does not count against us) and against central finite differences
 * of DL4J's double-precision score; a run of Adam steps with clipping active against the same
 * steps of {@code net.fit}. Every supported option: masked newest steps 0/1, reversed targets,
 * one and two encoder layers.
 */
class FastAutoencoderTrainerTest {

    static Stream<Arguments> options() {
        List<Arguments> out = new ArrayList<>();
        for (List<Integer> hidden : List.of(List.of(6), List.of(5, 3))) {
            for (boolean reverse : new boolean[] {false, true}) {
                for (int mask : new int[] {0, 1}) {
                    out.add(Arguments.of(hidden, reverse, mask));
                }
            }
        }
        return out.stream();
    }

    private static ModelConfig config(List<Integer> hidden, boolean reverse, int mask, double clip) {
        return new ModelConfig(2, 7, hidden, reverse, false, 1e-2, clip, 11L, mask);
    }

    /** Random windows (NCW) and the masked inputs the trainer feeds. */
    private record Batch(float[] inputs, float[] windows, int n) {

        static Batch random(ModelConfig c, int n, long seed) {
            Random random = new Random(seed);
            int f = c.features();
            int t = c.windowLength();
            float[] windows = new float[n * f * t];
            for (int i = 0; i < windows.length; i++) {
                windows[i] = (float) (random.nextGaussian() * 1.5);
            }
            float[] inputs = windows.clone();
            for (int row = 0; row < n * f; row++) {
                for (int s = t - c.maskNewest(); s < t; s++) {
                    inputs[row * t + s] = 0f;
                }
            }
            return new Batch(inputs, windows, n);
        }

        DataSet dataSet(ModelConfig c, DataType type) {
            long[] shape = {n, c.features(), c.windowLength()};
            INDArray x = Nd4j.create(inputs, shape, 'c').castTo(type);
            INDArray y = Nd4j.create(windows, shape, 'c').castTo(type);
            return new DataSet(x, c.reverseOrder() ? Dl4jReconstructionModel.reverseTime(y) : y);
        }
    }

    /** DL4J's score and gradient / N (what its updater applies) at {@code params}, in double precision. */
    private static double[] dl4jGradient(ModelConfig c, float[] params, Batch batch, double[] scoreOut) {
        MultiLayerNetwork net = AutoencoderFactory.build(c, DataType.DOUBLE);
        net.setParams(Nd4j.create(params).castTo(DataType.DOUBLE).reshape(1, params.length));
        DataSet ds = batch.dataSet(c, DataType.DOUBLE);
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.computeGradientAndScore();
        scoreOut[0] = net.score();
        double[] g = net.getFlattenedGradients().toDoubleVector();
        for (int i = 0; i < g.length; i++) {
            g[i] /= batch.n();
        }
        return g;
    }

    private static double dl4jScore(MultiLayerNetwork net, double[] params, DataSet ds) {
        net.setParams(Nd4j.create(params).reshape(1, params.length));
        return net.score(ds, true);
    }

    /**
     * Parameters to difference: in every layer, every parameter block (W, RW, b) at its first,
     * last and a few spread positions, so that every gate and every block is checked.
     */
    private static List<Integer> sample(ParamLayout layout) {
        List<int[]> blocks = new ArrayList<>();
        for (ParamLayout.Lstm l : layout.lstms()) {
            blocks.add(new int[] {l.w(), l.rw()});
            blocks.add(new int[] {l.rw(), l.b()});
            blocks.add(new int[] {l.b(), l.end()});
        }
        blocks.add(new int[] {layout.output().w(), layout.output().b()});
        blocks.add(new int[] {layout.output().b(), layout.output().end()});
        List<Integer> out = new ArrayList<>();
        for (int[] b : blocks) {
            int len = b[1] - b[0];
            for (int j = 0; j < 7; j++) {
                int i = b[0] + (int) ((long) j * (len - 1) / 6);
                if (!out.contains(i)) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    private static float[] initialParams(ModelConfig c) {
        return AutoencoderFactory.build(c).params().toFloatVector();
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @ParameterizedTest(name = "hidden={0} reverse={1} mask={2}")
    @MethodSource("options")
    void gradientAndScoreMatchDl4j(List<Integer> hidden, boolean reverse, int mask) {
        ModelConfig c = config(hidden, reverse, mask, 1.0);
        float[] params = initialParams(c);
        Batch batch = Batch.random(c, 9, 3);
        FastAutoencoderTrainer trainer = new FastAutoencoderTrainer(c, params, 16);
        double score = trainer.computeGradient(batch.inputs(), batch.windows(), batch.n());
        double[] dl4jScore = new double[1];
        double[] expected = dl4jGradient(c, params, batch, dl4jScore);
        float[] actual = trainer.gradient();

        assertThat(score).isCloseTo(dl4jScore[0], org.assertj.core.data.Percentage.withPercentage(1e-3));
        double scale = maxAbs(expected);
        assertThat(scale).isGreaterThan(1e-3);
        ParamLayout layout = ParamLayout.of(c);
        // per layer, relative to that layer's largest gradient: a wrong gate or transposed block fails by O(1)
        for (int[] range : layout.layerRanges()) {
            double layerScale = 0;
            for (int i = range[0]; i < range[1]; i++) {
                layerScale = Math.max(layerScale, Math.abs(expected[i]));
            }
            for (int i = range[0]; i < range[1]; i++) {
                assertThat((double) actual[i]).as("gradient %d of layer [%d, %d)", i, range[0], range[1])
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(2e-4 * layerScale + 1e-7));
            }
        }
    }

    @Test
    void gradientMatchesCentralFiniteDifferencesOfTheDoublePrecisionScore() {
        for (List<Integer> hidden : List.of(List.of(3), List.of(3, 2))) {
            ModelConfig c = new ModelConfig(2, 4, hidden, true, false, 1e-2, 1.0, 5L, 1);
            float[] params = initialParams(c);
            Batch batch = Batch.random(c, 3, 8);
            FastAutoencoderTrainer trainer = new FastAutoencoderTrainer(c, params, 4);
            trainer.computeGradient(batch.inputs(), batch.windows(), batch.n());
            float[] actual = trainer.gradient();

            MultiLayerNetwork net = AutoencoderFactory.build(c, DataType.DOUBLE);
            DataSet ds = batch.dataSet(c, DataType.DOUBLE);
            double[] p = new double[params.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = params[i];
            }
            double h = 1e-5;
            List<Integer> checked = sample(ParamLayout.of(c));
            double[] numeric = new double[p.length];
            for (int i : checked) {
                double keep = p[i];
                p[i] = keep + h;
                double up = dl4jScore(net, p, ds);
                p[i] = keep - h;
                double down = dl4jScore(net, p, ds);
                p[i] = keep;
                numeric[i] = (up - down) / (2 * h);
            }
            double scale = maxAbs(numeric);
            assertThat(scale).isGreaterThan(1e-2);
            for (int i : checked) {
                assertThat((double) actual[i]).as("hidden %s, parameter %d", hidden, i)
                        .isCloseTo(numeric[i], org.assertj.core.data.Offset.offset(1e-4 * scale));
            }
        }
    }

    @ParameterizedTest(name = "hidden={0} reverse={1} mask={2}")
    @MethodSource("options")
    void adamStepsWithClippingMatchDl4jFit(List<Integer> hidden, boolean reverse, int mask) {
        // clip 0.05: well below the per-layer gradient norms of these batches, so every layer is clipped
        ModelConfig c = config(hidden, reverse, mask, 0.05);
        MultiLayerNetwork net = AutoencoderFactory.build(c);
        FastAutoencoderTrainer trainer = new FastAutoencoderTrainer(c, net, 16);
        int steps = 8;
        for (int s = 0; s < steps; s++) {
            Batch batch = Batch.random(c, s % 2 == 0 ? 16 : 5, 100 + s);
            if (s == 0) {
                trainer.computeGradient(batch.inputs(), batch.windows(), batch.n());
                float[] g = trainer.gradient();
                for (int[] range : ParamLayout.of(c).layerRanges()) {
                    double sq = 0;
                    for (int i = range[0]; i < range[1]; i++) {
                        sq += (double) g[i] * g[i];
                    }
                    assertThat(Math.sqrt(sq)).as("layer norm before clipping").isGreaterThan(0.05);
                }
            }
            double ours = trainer.fit(batch.inputs(), batch.windows(), batch.n());
            net.fit(batch.dataSet(c, DataType.FLOAT));
            assertThat(ours).isCloseTo(net.score(), org.assertj.core.data.Percentage.withPercentage(1e-2));
        }
        float[] expected = net.params().toFloatVector();
        float[] actual = trainer.params();
        float[] start = AutoencoderFactory.build(c).params().toFloatVector();
        double moved = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            moved = Math.max(moved, Math.abs(expected[i] - start[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        // 8 steps of lr 1e-2 move weights by up to ~8e-2; ours must agree far more closely than that
        assertThat(moved).isGreaterThan(1e-2);
        assertThat(worst).as("largest parameter difference after %d steps", steps).isLessThan(2e-4);
        assertThat(trainer.iteration()).isEqualTo(steps);
    }

    @Test
    void sameSeedAndDataGiveTheSameParameters() {
        ModelConfig c = config(List.of(6), true, 1, 1.0);
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            FastAutoencoderTrainer trainer = new FastAutoencoderTrainer(c, AutoencoderFactory.build(c), 16);
            for (int s = 0; s < 5; s++) {
                Batch batch = Batch.random(c, 16, s);
                trainer.fit(batch.inputs(), batch.windows(), batch.n());
            }
            results[run] = trainer.params();
        }
        assertThat(results[1]).containsExactly(results[0]);
    }

    @Test
    void aNetworkOfAnotherShapeIsRefused() {
        ModelConfig c = config(List.of(6), false, 0, 1.0);
        MultiLayerNetwork other = AutoencoderFactory.build(c.withHidden(List.of(5)));
        assertThatThrownBy(() -> new FastAutoencoderTrainer(c, other, 8))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("parameters");
        MultiLayerNetwork doubles = AutoencoderFactory.build(c, DataType.DOUBLE);
        assertThatThrownBy(() -> new FastAutoencoderTrainer(c, doubles, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT");
    }

    @Test
    void bidirectionalIsNotSupported() {
        ModelConfig c = config(List.of(4), false, 0, 1.0).withOptions(false, true);
        assertThat(FastAutoencoderTrainer.unsupported(c)).contains("bidirectional encoder");
        assertThatThrownBy(() -> new FastAutoencoderTrainer(c, AutoencoderFactory.build(c), 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bidirectional");
    }
}
