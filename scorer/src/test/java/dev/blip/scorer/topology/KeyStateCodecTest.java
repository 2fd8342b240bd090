package dev.blip.scorer.topology;

import dev.blip.core.event.ParsedRecord;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.window.Window;
import dev.blip.scorer.model.ServingModel;
import dev.blip.scorer.topology.serdes.KeyStateCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyStateCodecTest {

    @Test
    void aStateSurvivesTheStoreAndKeepsProducingTheSameWindows() {
        ServingModel model = ServingModel.of(TestBundles.small());
        KeyStates states = new KeyStates(model, Long.MAX_VALUE / 4);
        long interval = model.bundle().interval().millis();
        long start = 1_700_006_400_000L;
        KeyState original = states.fresh(start);
        KeyState copy = null;
        List<Window> a = new ArrayList<>();
        List<Window> b = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            for (int i = 0; i < 5 + t % 7; i++) {
                states.add(original, new ParsedRecord("k", start + t * interval + i, null, null));
            }
            if (t == 25) {
                copy = KeyStateCodec.decode(KeyStateCodec.encode(original));
            }
            if (copy != null && t > 25) {
                for (int i = 0; i < 5 + t % 7; i++) {
                    states.add(copy, new ParsedRecord("k", start + t * interval + i, null, null));
                }
            }
            if (t >= 25) {
                states.close(original, "k", start + (t - 1) * interval, a);
                states.close(copy, "k", start + (t - 1) * interval, b);
            } else {
                states.close(original, "k", start + (t - 1) * interval, new ArrayList<>());
            }
        }
        assertThat(a).isNotEmpty().hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).input()).isEqualTo(a.get(i).input());
            assertThat(b.get(i).endBucketStart()).isEqualTo(a.get(i).endBucketStart());
        }
        assertThat(copy.open()).containsOnlyKeys(start + 39 * interval);
    }

    @Test
    void unknownFormatsAreRefused() {
        assertThatThrownBy(() -> KeyStateCodec.decode(new byte[] {9, 1, 2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 9");
    }
}
