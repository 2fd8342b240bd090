package dev.blip.core.model.fast;

import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.testkit.TestBundles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconstructionModelsEngineOverrideTest {

    @Test
    void callersCanForceDl4jAndBadValuesAreNamed() {
        ModelBundle bundle = TestBundles.small();
        assertThat(bundle.newReconstructionModel().engine()).isEqualTo("fast-lstm");
        assertThat(bundle.newReconstructionModel(InferenceEngine.parse("DL4J")).engine()).isEqualTo("dl4j");
        assertThat(bundle.newScorer(16, InferenceEngine.DL4J)).isNotNull();
        assertThatThrownBy(() -> InferenceEngine.parse("gpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto or dl4j").hasMessageContaining("'gpu'");
    }
}
