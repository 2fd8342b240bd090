package dev.blip.core.window;

import dev.blip.core.transform.ChannelPipeline;
import dev.blip.core.transform.TransformPipeline;
import dev.blip.core.transform.TransformSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowAssemblerTest {

    private final WindowAssembler assembler =
            new WindowAssembler(ChannelPipeline.of(List.of(TransformSpec.difference(), TransformSpec.ewm(0.1, 2, 1.0)), 2), 3);

    @Test
    void keyIsScoredOnlyAfterSeedWarmupAndOneWindow() {
        KeyWindowState s = assembler.newState();
        assertThat(assembler.readyAfter()).isEqualTo(5);
        int firstWindowAt = -1;
        for (int t = 0; t < 10 && firstWindowAt < 0; t++) {
            if (assembler.push(s, "k", t * 60_000L, new double[] {t, 2 * t}) != null) {
                firstWindowAt = t;
            }
        }
        // Bucket 0 seeds the difference; outputs 1..5 come from buckets 1..5.
        assertThat(firstWindowAt).isEqualTo(5);
        assertThat(s.outputs()).isEqualTo(5);
    }

    @Test
    void refusesBucketsThatAreNotAfterTheLastOne() {
        KeyWindowState s = assembler.newState();
        assembler.push(s, "k", 120_000L, new double[] {1, 1});
        assertThatThrownBy(() -> assembler.push(s, "k", 120_000L, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after the last one pushed");
        assertThatThrownBy(() -> assembler.push(s, "k", 60_000L, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k'");
        assertThatThrownBy(() -> assembler.push(s, "k", 180_000L, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 features, expected 2");
    }

    @Test
    void aStateIsFiniteUntilAnyKeptNumberIsNot() {
        KeyWindowState s = assembler.newState();
        for (int t = 0; t < 7; t++) {
            assembler.push(s, "k", t * 60_000L, new double[] {t, 1e300});
        }
        assertThat(s.isFinite()).as("large but finite").isTrue();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (double[] row : new double[][] {s.transformState, s.input[2], s.invScale[0], s.invOffset[1], s.actual[2]}) {
                double kept = row[row.length - 1];
                row[row.length - 1] = bad;
                assertThat(s.isFinite()).as("%s in a row", bad).isFalse();
                row[row.length - 1] = kept;
            }
        }
        assertThat(s.isFinite()).isTrue();
    }

    @Test
    void refusesCorruptSavedState() {
        KeyWindowState s = assembler.newState();
        for (int t = 0; t < 7; t++) {
            assembler.push(s, "k", t * 60_000L, new double[] {t, 1});
        }
        byte[] good = s.toBytes();
        byte[] wrongFormat = good.clone();
        wrongFormat[0] = 9;
        assertThatThrownBy(() -> KeyWindowState.fromBytes(wrongFormat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
        assertThatThrownBy(() -> KeyWindowState.fromBytes(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt key state");
        assertThatThrownBy(() -> KeyWindowState.fromBytes(Arrays.copyOf(good, good.length + 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt key state");
        byte[] negativeLength = good.clone();
        negativeLength[5] = (byte) 0xff;
        assertThatThrownBy(() -> KeyWindowState.fromBytes(negativeLength))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt key state");
        assertThatThrownBy(() -> KeyWindowState.fromBytes(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt key state");
    }
}
