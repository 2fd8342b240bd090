package dev.blip.bench;

import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SameDiff benchmark graph computes what the DL4J network computes (so path (b) is a fair comparison). */
class SameDiffAutoencoderTest {

    @Test
    void matchesDl4j() {
        ModelConfig config = ModelConfig.defaults(1, 12).withHidden(List.of(16));
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        Nd4j.getRandom().setSeed(3);
        net.setParams(Nd4j.randn(DataType.FLOAT, 1, net.numParams()).muli(0.2));
        INDArray windows = Nd4j.randn(DataType.FLOAT, 9, 1, 12);
        INDArray expected = net.output(windows, false);
        INDArray actual = new SameDiffAutoencoder(config, net).output(windows);
        assertThat(actual.shape()).containsExactly(9, 1, 12);
        double scale = expected.amaxNumber().doubleValue();
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(scale).isGreaterThan(0.05);
        assertThat(diff).as("max |samediff - dl4j| at output scale %s", scale).isLessThan(1e-5 * scale + 1e-6);
    }
}
