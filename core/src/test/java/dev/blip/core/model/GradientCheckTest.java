package dev.blip.core.model;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numerical gradient check (central differences, double precision) of the exact network
 * {@link AutoencoderFactory} builds, for every structural option. A wrong backward pass in any
 * layer of the encoder, the repeat, the decoder or the output would fail here.
 */
class GradientCheckTest {

    private static DataType previousData;
    private static DataType previousFloat;

    @BeforeAll
    static void doublePrecision() {
        previousData = Nd4j.dataType();
        previousFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(previousData, previousFloat);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(List.of(3), false, false),
                Arguments.of(List.of(3), true, false),
                Arguments.of(List.of(3, 2), true, true));
    }

    @ParameterizedTest(name = "hidden={0} bidirectional={1} reverse={2}")
    @MethodSource("shapes")
    void backpropMatchesNumericalGradient(List<Integer> hidden, boolean bidirectional, boolean reverse) {
        // Clipping rescales the analytic gradient only, so it must be off for the comparison.
        ModelConfig config = new ModelConfig(2, 4, hidden, reverse, bidirectional, 1e-3, 0.0, 12345L);
        MultiLayerNetwork net = AutoencoderFactory.build(config, DataType.DOUBLE);
        assertThat(net.params().dataType()).isEqualTo(DataType.DOUBLE);
        // GradientCheckUtil refuses stateful updaters (Adam would change what it perturbs).
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            noUpdater(layer.conf().getLayer());
        }
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 4).subi(0.5).muli(2);
        INDArray labels = reverse ? Dl4jReconstructionModel.reverseTime(x) : x.dup();

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net).input(x).labels(labels)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));

        assertThat(ok).as("analytic gradients match central differences").isTrue();
    }

    private static void noUpdater(Layer layer) {
        if (layer instanceof BaseLayer base) {
            base.setIUpdater(new NoOp());
            base.setBiasUpdater(new NoOp());
        } else if (layer instanceof BaseWrapperLayer wrapper) {
            noUpdater(wrapper.getUnderlying());
        } else if (layer instanceof Bidirectional bidi) {
            noUpdater(bidi.getFwd());
            noUpdater(bidi.getBwd());
        }
    }
}
