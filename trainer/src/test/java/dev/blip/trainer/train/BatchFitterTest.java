package dev.blip.trainer.train;

import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.train.TrainingEngine;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which path trains: the fast trainer keeps the weights to itself until {@code syncNetwork}, DL4J's
 * fit changes the network at once. A bidirectional encoder (unsupported by the fast trainer) and
 * the forced DL4J engine train in place; the default engine does not.
 */
class BatchFitterTest {

    private static final ModelConfig CONFIG = new ModelConfig(2, 6, List.of(4), false, false, 1e-2, 1.0, 3L, 1);

    private static float[] batch(int n) {
        Random random = new Random(5);
        float[] values = new float[n * CONFIG.features() * CONFIG.windowLength()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Whether one step changed the network's own parameters before any sync. */
    private static boolean trainsInPlace(ModelConfig config, TrainingEngine engine) {
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        float[] before = net.params().toFloatVector();
        BatchFitter fitter = BatchFitter.choose(config, engine, net, 8);
        float[] x = batch(8);
        double loss = fitter.fit(x, x, 8);
        assertThat(loss).isPositive();
        boolean inPlace = !java.util.Arrays.equals(before, net.params().toFloatVector());
        fitter.syncNetwork();
        assertThat(net.params().toFloatVector()).containsExactly(fitter.params());
        assertThat(fitter.params()).isNotEqualTo(before);
        return inPlace;
    }

    @Test
    void defaultEngineIsTheFastTrainerAndDl4jIsTheFallback() {
        assertThat(trainsInPlace(CONFIG, TrainingEngine.AUTO)).as("fast trainer").isFalse();
        assertThat(trainsInPlace(CONFIG, TrainingEngine.DL4J)).as("forced DL4J").isTrue();
        assertThat(trainsInPlace(CONFIG.withOptions(false, true), TrainingEngine.AUTO)).as("bidirectional").isTrue();
    }
}
