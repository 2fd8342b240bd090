package dev.blip.bench;

import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.ReconstructionModel;

/** {@link Dl4jReconstructionModel}: DL4J's {@code MultiLayerNetwork.output}, weights seeded by the config. */
public class InferenceBenchmark extends ReconstructionBenchmark {

    @Override
    protected ReconstructionModel createModel(ModelConfig config) {
        return new Dl4jReconstructionModel(config, AutoencoderFactory.build(config));
    }
}
