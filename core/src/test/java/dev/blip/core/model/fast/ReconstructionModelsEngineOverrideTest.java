package dev.blip.core.model.fast;

import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.testkit.TestBundles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconstructionModelsEngineOverrideTest {

    @AfterEach
    void clear() {
        System.clearProperty(ReconstructionModels.ENGINE_PROPERTY);
    }

    @Test
    void operatorsCanForceDl4jAndBadValuesAreNamed() {
        ModelBundle bundle = TestBundles.small();
        assertThat(bundle.newReconstructionModel().engine()).isEqualTo("fast-lstm");
        System.setProperty(ReconstructionModels.ENGINE_PROPERTY, "DL4J");
        assertThat(bundle.newReconstructionModel().engine()).isEqualTo("dl4j");
        System.setProperty(ReconstructionModels.ENGINE_PROPERTY, "gpu");
        assertThatThrownBy(bundle::newReconstructionModel).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BLIP_INFERENCE_ENGINE").hasMessageContaining("'gpu'");
    }
}
