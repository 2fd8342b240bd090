package dev.blip.core.score;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CalibratorTest {

    private static final int LENGTH = 4;

    /** One window per raw score: every error equals sqrt(score), so the window's MSE is the score. */
    private static List<double[]> windowsWithMse(double... mse) {
        List<double[]> out = new ArrayList<>();
        for (double m : mse) {
            double[] e = new double[LENGTH];
            java.util.Arrays.fill(e, Math.sqrt(m));
            out.add(e);
        }
        return out;
    }

    private static double[] range(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void quantileThresholdIsTheInterpolatedValidationQuantile() {
        Calibration c = Calibrator.fit(CalibrationMethod.QUANTILE, 0.9, windowsWithMse(range(100)), 1, LENGTH);
        // Sorted raw scores 0..99; position 0.9 * 99 = 89.1.
        assertThat(c.threshold()).isCloseTo(89.1, within(1e-9));
        assertThat(c.validationWindows()).isEqualTo(100);
        assertThat(c.isAnomaly(89.2)).isTrue();
        assertThat(c.isAnomaly(89.0)).isFalse();
        assertThat(c.violations(1)).isEmpty();
    }

    @Test
    void sigmaThresholdIsMeanPlusKStandardDeviations() {
        Calibration c = Calibrator.fit(CalibrationMethod.SIGMA, 2, windowsWithMse(range(100)), 1, LENGTH);
        double std = Math.sqrt((100.0 * 100.0 - 1) / 12.0);
        assertThat(c.threshold()).isCloseTo(49.5 + 2 * std, within(1e-9));
    }

    @Test
    void rawScoreIsTheMeanSquaredError() {
        Calibration c = Calibrator.fit(CalibrationMethod.QUANTILE, 0.5, windowsWithMse(1, 2, 3), 1, LENGTH);
        assertThat(c.rawScore(new double[] {1, -1, 3, -3}, 1, LENGTH)).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void anomalyScoreIsMonotoneBelowOneAndAboutQAtTheThreshold() {
        Random rnd = new Random(3);
        double[] mse = new double[2000];
        for (int i = 0; i < mse.length; i++) {
            mse[i] = Math.exp(rnd.nextGaussian());
        }
        double q = 0.99;
        Calibration c = Calibrator.fit(CalibrationMethod.QUANTILE, q, windowsWithMse(mse), 1, LENGTH);
        double previous = -1;
        for (double raw = -1; raw < 200; raw += 0.01) {
            double s = c.anomalyScore(raw);
            assertThat(s).isBetween(0.0, 1.0).isLessThan(1.0).isGreaterThanOrEqualTo(previous);
            previous = s;
        }
        assertThat(c.anomalyScore(c.threshold())).isCloseTo(q, within(0.002));
        assertThat(c.anomalyScore(0)).isZero();
        double max = c.reference()[c.reference().length - 1];
        assertThat(c.anomalyScore(max * 10)).isGreaterThan(c.anomalyScore(max)).isLessThan(1.0);
    }

    @Property(tries = 200)
    void anomalyScoreOrdersRawScores(@ForAll @DoubleRange(min = 0, max = 50) double a,
                                     @ForAll @DoubleRange(min = 0, max = 50) double b) {
        Calibration c = Calibrator.fit(CalibrationMethod.QUANTILE, 0.95, windowsWithMse(range(30)), 1, LENGTH);
        if (a <= b) {
            assertThat(c.anomalyScore(a)).isLessThanOrEqualTo(c.anomalyScore(b));
        } else {
            assertThat(c.anomalyScore(a)).isGreaterThanOrEqualTo(c.anomalyScore(b));
        }
    }

    @Test
    void mahalanobisFlagsAnOffCorrelationErrorThatMseMisses() {
        // Two features whose errors move together (e2 = e1 + small noise), as when both count the
        // same traffic. An error that breaks the correlation is small in MSE but far in Mahalanobis.
        Random rnd = new Random(11);
        int features = 2;
        List<double[]> validation = new ArrayList<>();
        for (int w = 0; w < 500; w++) {
            double[] e = new double[features * LENGTH];
            for (int t = 0; t < LENGTH; t++) {
                double common = rnd.nextGaussian();
                e[t] = common;
                e[LENGTH + t] = common + 0.1 * rnd.nextGaussian();
            }
            validation.add(e);
        }
        Calibration mse = Calibrator.fit(CalibrationMethod.QUANTILE, 0.99, validation, features, LENGTH);
        Calibration maha = Calibrator.fit(CalibrationMethod.MAHALANOBIS, 0.99, validation, features, LENGTH);
        assertThat(maha.violations(features)).isEmpty();

        double[] offCorrelation = new double[features * LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            offCorrelation[t] = 0.5;
            offCorrelation[LENGTH + t] = -0.5;
        }
        assertThat(mse.isAnomaly(mse.rawScore(offCorrelation, features, LENGTH))).as("MSE flags it").isFalse();
        assertThat(maha.isAnomaly(maha.rawScore(offCorrelation, features, LENGTH))).as("Mahalanobis flags it").isTrue();

        // And a typical validation window is not flagged by either.
        double[] typical = validation.get(0);
        assertThat(maha.rawScore(typical, features, LENGTH)).isLessThan(maha.threshold() * 3);
    }

    @Test
    void refusesParametersOutsideTheirRangeAndEmptyValidation() {
        List<double[]> some = windowsWithMse(1, 2, 3);
        assertThatThrownBy(() -> Calibrator.fit(CalibrationMethod.QUANTILE, 1.0, some, 1, LENGTH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in (0, 1)").hasMessageContaining("1.0");
        assertThatThrownBy(() -> Calibrator.fit(CalibrationMethod.SIGMA, -1, some, 1, LENGTH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("> 0");
        assertThatThrownBy(() -> Calibrator.fit(CalibrationMethod.QUANTILE, 0.9, List.of(), 1, LENGTH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one validation window");
    }

    @Test
    void violationsNameTheBrokenField() {
        Calibration bad = new Calibration(CalibrationMethod.MAHALANOBIS, 0.99, Double.NaN, null, new double[3],
                new double[] {2, 1}, 0, 0);
        assertThat(String.join("\n", bad.violations(2)))
                .contains("calibration.threshold", "calibration.reference", "calibration.tailScale",
                        "calibration.validationWindows", "calibration.errorMean", "calibration.precision");
    }
}
