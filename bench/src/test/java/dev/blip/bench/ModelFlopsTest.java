package dev.blip.bench;

import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelFlopsTest {

    /**
     * The count must agree with the network actually built: every weight matrix (input and
     * recurrent, not biases) is used once per time step as a multiply-add.
     */
    @ParameterizedTest
    @CsvSource({"1,32,32,false", "1,32,64,false", "3,8,16-8,false", "2,5,4-3,true"})
    void matchesTheWeightMatricesOfTheBuiltNetwork(int features, int length, String hidden, boolean bidirectional) {
        List<Integer> sizes = Arrays.stream(hidden.split("-")).map(Integer::valueOf).toList();
        ModelConfig config = ModelConfig.defaults(features, length).withHidden(sizes).withOptions(false, bidirectional);
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        long weights = 0;
        for (Map.Entry<String, INDArray> p : net.paramTable().entrySet()) {
            String name = p.getKey().substring(p.getKey().indexOf('_') + 1);
            if (!name.endsWith("b")) {
                weights += p.getValue().length();
            }
        }
        assertThat(ModelFlops.perWindow(config)).isEqualTo(2 * weights * length);
    }

    @ParameterizedTest
    @CsvSource({"32,796672", "64,3166208"})
    void countsTheBenchmarkedShapes(int hidden, long flops) {
        // hidden 64: encoder 2*(1+64)*256 + decoder 2*(64+64)*256 + output 2*64 = 98,944 per step, x32.
        assertThat(ModelFlops.perWindow(ModelConfig.defaults(1, 32).withHidden(List.of(hidden)))).isEqualTo(flops);
    }
}
