package dev.blip.trainer.cli;

import dev.blip.core.transform.TransformKind;
import dev.blip.core.transform.TransformSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransformsOptionTest {

    @Test
    void parsesEveryKindWithParametersAndDefaults() {
        List<TransformSpec> t = TransformsOption.parse("difference, seasonal:288, robust, zscore, ewm:0.1:12:2.5, ewm", 32);
        assertThat(t).extracting(TransformSpec::kind).containsExactly(TransformKind.DIFFERENCE,
                TransformKind.SEASONAL_DIFFERENCE, TransformKind.ROBUST, TransformKind.ZSCORE, TransformKind.EWM,
                TransformKind.EWM);
        assertThat(t.get(1).lag()).isEqualTo(288);
        assertThat(t.get(4)).isEqualTo(TransformSpec.ewm(0.1, 12, 2.5));
        assertThat(t.get(5)).isEqualTo(TransformSpec.ewm(0.05, 32, 1.0));
    }

    @Test
    void normaliserShortFormsAndErrors() {
        assertThat(TransformsOption.forNormaliser("per-key", 16)).containsExactly(TransformSpec.difference(),
                TransformSpec.ewm(0.05, 16, 1.0));
        assertThat(TransformsOption.forNormaliser("global", 16)).extracting(TransformSpec::kind)
                .containsExactly(TransformKind.DIFFERENCE, TransformKind.ZSCORE);
        assertThatThrownBy(() -> TransformsOption.parse("difference,log", 16))
                .hasMessageContaining("--transforms: unknown transform 'log'");
        assertThatThrownBy(() -> TransformsOption.parse("seasonal", 16)).hasMessageContaining("needs a lag");
        assertThatThrownBy(() -> TransformsOption.forNormaliser("minmax", 16))
                .hasMessageContaining("--normaliser: must be per-key, robust, global or none, got 'minmax'");
    }
}
