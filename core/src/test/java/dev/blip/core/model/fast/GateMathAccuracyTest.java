package dev.blip.core.model.fast;

import dev.blip.core.testkit.LstmRoundingModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The activation allowance of the rounding model ({@link LstmRoundingModel#FLOAT_ALPHA}, 8u =
 * 4.8e-7 absolute) holds for the fast pass's kernels: tanh as {@code m / (m + 2)} with
 * {@code m = expm1(2x)} and the sigmoid as {@code 1 / (m + 2)} with {@code m = expm1(-x)}, exactly
 * the float operations {@link GateMath} performs. Java float arithmetic is IEEE 754 with
 * round-to-nearest on every JVM 17 (no extended precision, no FMA contraction), so this result is
 * the same on every CPU.
 */
class GateMathAccuracyTest {

    @Test
    void tanhAndSigmoidKernelsAreWithinTheModelsActivationAllowance() {
        List<Float> xs = new ArrayList<>();
        for (int i = -400_000; i <= 400_000; i++) {
            xs.add(i * 1e-4f); // [-40, 40], step 1e-4
        }
        for (float v = 1e-30f; v < 40; v *= 1.001f) {
            xs.add(v);
            xs.add(-v);
        }
        int n = xs.size();
        float[] twice = new float[n];
        float[] negated = new float[n];
        for (int i = 0; i < n; i++) {
            twice[i] = 2 * xs.get(i);
            negated[i] = -xs.get(i);
        }
        GateMath.expm1InPlace(twice, n);
        GateMath.expm1InPlace(negated, n);
        double worstTanh = 0;
        double worstSigmoid = 0;
        for (int i = 0; i < n; i++) {
            double x = xs.get(i);
            float tanh = twice[i] / (twice[i] + 2f);
            float sigmoid = 1f / (negated[i] + 2f);
            worstTanh = Math.max(worstTanh, Math.abs(tanh - Math.tanh(x)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(sigmoid - 1 / (1 + Math.exp(-x))));
        }
        assertThat(worstTanh).as("tanh").isLessThanOrEqualTo(LstmRoundingModel.FLOAT_ALPHA);
        assertThat(worstSigmoid).as("sigmoid").isLessThanOrEqualTo(LstmRoundingModel.FLOAT_ALPHA);
    }
}
