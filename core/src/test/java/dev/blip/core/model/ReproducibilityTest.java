package dev.blip.core.model;

import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.transform.ChannelPipeline;
import dev.blip.core.transform.TransformPipeline;
import dev.blip.core.window.Window;
import dev.blip.core.window.WindowAssembler;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Same data and seed give the same network, bit for bit; a different seed does not. */
class ReproducibilityTest {

    private static final int STEPS = 5;

    private static DataSet data() {
        SyntheticTraffic.Result traffic = SyntheticTraffic.defaults(2, 120, 5L).generate();
        WindowAssembler assembler = new WindowAssembler(ChannelPipeline.of(TestBundles.eventTransforms(), 1), 8);
        List<Window> windows = new ArrayList<>();
        traffic.series().forEach(s -> windows.addAll(assembler.windows(s, 4)));
        assertThat(windows).hasSizeGreaterThan(10);
        return new DataSet(WindowTensors.features(windows), WindowTensors.targets(windows, true));
    }

    private static float[] trainedParams(long seed) {
        ModelConfig config = new ModelConfig(1, 8, List.of(8, 4), true, true, 1e-2, 1.0, seed);
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        DataSet ds = data();
        for (int i = 0; i < STEPS; i++) {
            net.fit(ds);
        }
        INDArray p = net.params();
        return p.dup().data().asFloat();
    }

    @Test
    void sameSeedAndDataGiveIdenticalParameters() {
        float[] a = trainedParams(42);
        float[] b = trainedParams(42);
        assertThat(a).hasSizeGreaterThan(100);
        assertThat(b).containsExactly(a);
    }

    @Test
    void anotherSeedGivesOtherParameters() {
        assertThat(trainedParams(43)).isNotEqualTo(trainedParams(42));
    }
}
