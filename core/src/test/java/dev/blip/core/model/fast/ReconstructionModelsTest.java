package dev.blip.core.model.fast;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.ReconstructionModel;
import dev.blip.core.model.WindowTensors;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.testkit.LstmRoundingModel;
import dev.blip.core.testkit.ScoreBounds;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.core.window.Window;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine choice for bundles, the fallback to DL4J, and the fast engine on real windows. */
class ReconstructionModelsTest {

    /**
     * The fast engine on real windows of a trained bundle, reconstructions and scores, against the
     * exact (double-precision) network within the float32 rounding model ({@link LstmRoundingModel},
     * {@link ScoreBounds}): a tolerance that holds on every CPU, unlike one against DL4J's own
     * float result, whose rounding depends on the machine's BLAS kernels.
     */
    @Test
    void bundleScoresThroughTheFastEngineWithinTheRoundingBound() {
        ModelBundle bundle = TestBundles.small();
        WindowScorer fast = bundle.newScorer();
        assertThat(fast.model().engine()).isEqualTo("fast-lstm");
        List<Window> windows = realWindows(bundle);
        assertThat(windows).hasSizeGreaterThan(100);

        float[] flat = WindowTensors.masked(windows, bundle.manifest().model().maskNewest());
        LstmRoundingModel.Result exact = FastLstmReconstructionModelTest.referenceCheckedAgainstDl4jDouble(bundle.manifest().model(),
                bundle.network(), flat, windows.size());
        FastLstmReconstructionModelTest.assertWithinBound(fast.model().reconstruct(flat, windows.size()), exact, "real windows");
        ScoreBounds.assertScoresWithinBound(fast.score(windows), windows, bundle.manifest().calibration(), exact, "fast engine");
    }

    @Test
    void unsupportedNetworksFallBackToDl4jWithALogLine() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ReconstructionModels.class);
        logger.addAppender(log);
        try {
            ModelConfig config = ModelConfig.defaults(1, 12).withHidden(List.of(8));
            ReconstructionModel doubles = ReconstructionModels.forBundle(config, AutoencoderFactory.build(config, DataType.DOUBLE));
            ReconstructionModel softsign = ReconstructionModels.forBundle(config, softsignEncoder(config));
            ReconstructionModel supported = ReconstructionModels.forBundle(config, AutoencoderFactory.build(config));

            assertThat(doubles.engine()).isEqualTo("dl4j");
            assertThat(softsign.engine()).isEqualTo("dl4j");
            assertThat(supported.engine()).isEqualTo("fast-lstm");
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2)
                    .anySatisfy(m -> assertThat(m).contains("data type is DOUBLE"))
                    .anySatisfy(m -> assertThat(m).contains("layer 0").contains("tanh"));
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void steadyStateAllocatesNothing() {
        ModelConfig config = ModelConfig.defaults(3, 16).withHidden(List.of(16, 8)).withOptions(true, true);
        FastLstmReconstructionModel model = FastLstmReconstructionModel.of(config, AutoencoderFactory.build(config));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int n : new int[] {5, 64}) {
            float[] in = FastLstmReconstructionModelTest.randomWindows(n * 3 * 16, n);
            float[] out = new float[in.length];
            for (int i = 0; i < 200; i++) {
                model.reconstruct(in, n, out);
            }
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 50; i++) {
                model.reconstruct(in, n, out);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertThat(allocated).as("bytes allocated by 50 warm calls at n=%d", n).isZero();
        }
    }

    @Test
    void rejectsMisSizedInput() {
        ModelConfig config = ModelConfig.defaults(1, 12).withHidden(List.of(8));
        FastLstmReconstructionModel model = FastLstmReconstructionModel.of(config, AutoencoderFactory.build(config));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.reconstruct(new float[23], 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 24 values for 2 windows");
    }

    private static List<Window> realWindows(ModelBundle bundle) {
        SyntheticTraffic.Result traffic = TestTraffic.synthetic(2, 300, 5, 200, 48, 3, 300, 11L);
        List<Window> out = new ArrayList<>();
        traffic.series().forEach(s -> out.addAll(bundle.assembler().windows(s, 1)));
        return out;
    }

    /** The factory's network shape, but with a softsign encoder: not something the fast pass runs. */
    private static MultiLayerNetwork softsignEncoder(ModelConfig config) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new LastTimeStep(new LSTM.Builder().nOut(8).activation(Activation.SOFTSIGN).build()))
                .layer(new RepeatVector.Builder().repetitionFactor(config.windowLength()).build())
                .layer(new LSTM.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nOut(1).build())
                .setInputType(InputType.recurrent(1, config.windowLength()))
                .build());
        net.init();
        return net;
    }
}
