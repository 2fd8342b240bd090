package dev.blip.core.testkit;

import dev.blip.core.score.Calibration;
import dev.blip.core.score.CalibrationMethod;
import dev.blip.core.score.WindowScore;
import dev.blip.core.window.Window;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Carries the per-value reconstruction bound of {@link LstmRoundingModel} through the window
 * scores, so that a score computed by any float32 engine is checked against the exact score with
 * a tolerance derived from the rounding model, not measured on one machine.
 *
 * <p>With exact signed error {@code e} and reconstruction bound {@code b} per value: the MSE moves
 * by at most {@code mean(2|e| b + b^2)}; a mean Mahalanobis distance {@code mean_t c^T P c} by at
 * most {@code mean_t (2 |P c|^T b + b^T |P| b)}. Both are exact bounds for the perturbation, plus
 * the score's own double-precision rounding ({@code gamma_53(N + 3)} of the magnitudes). The
 * anomaly score is a non-decreasing function of the raw score, so it is checked to lie between
 * its values at the ends of the raw score's interval; the verdict {@code raw > threshold} must
 * match the exact one unless the exact raw score is within the bound of the threshold.
 */
public final class ScoreBounds {

    private ScoreBounds() {
    }

    /** Exact raw score and the radius any float32 engine's raw score lies within. */
    public record Interval(double exact, double radius) {
    }

    /** The interval for window {@code index} of a batch reconstructed exactly into {@code exact}. */
    public static Interval rawScore(Calibration c, Window w, LstmRoundingModel.Result exact, int index) {
        int f = w.features();
        int len = w.length();
        int size = f * len;
        float[] x = w.input();
        double[] e = new double[size];
        double[] b = new double[size];
        for (int k = 0; k < size; k++) {
            e[k] = x[k] - exact.exact()[index * size + k];
            b[k] = exact.bound()[index * size + k];
        }
        double raw = c.rawScore(e, f, len);
        double gammaD = (size + 3) * LstmRoundingModel.DOUBLE_U / (1 - (size + 3) * LstmRoundingModel.DOUBLE_U);
        // Only the scored steps count: the newest one (NEWEST) or all of them (WINDOW).
        int from = c.scope() == dev.blip.core.score.ErrorScope.NEWEST ? len - 1 : 0;
        if (c.method() != CalibrationMethod.MAHALANOBIS) {
            double radius = 0;
            double magnitude = 0;
            for (int j = 0; j < f; j++) {
                for (int t = from; t < len; t++) {
                    int k = j * len + t;
                    double a = Math.abs(e[k]);
                    radius += 2 * a * b[k] + b[k] * b[k];
                    magnitude += (a + b[k]) * (a + b[k]);
                }
            }
            return new Interval(raw, (radius + 2 * gammaD * magnitude) / (f * (len - from)));
        }
        double[] p = c.precision();
        double radius = 0;
        double magnitude = 0;
        double[] centred = new double[f];
        for (int t = from; t < len; t++) {
            for (int j = 0; j < f; j++) {
                centred[j] = e[j * len + t] - c.errorMean()[j];
            }
            for (int i = 0; i < f; i++) {
                double pc = 0;
                for (int j = 0; j < f; j++) {
                    pc += p[i * f + j] * centred[j];
                    double bi = b[i * len + t];
                    double bj = b[j * len + t];
                    radius += Math.abs(p[i * f + j]) * bi * bj;
                    magnitude += Math.abs(p[i * f + j]) * (Math.abs(centred[i]) + bi) * (Math.abs(centred[j]) + bj);
                }
                radius += 2 * Math.abs(pc) * b[i * len + t];
            }
        }
        return new Interval(raw, (radius + 2 * gammaD * magnitude) / (len - from));
    }

    /** Each score of {@code scores} (of {@code windows}) within the interval its exact reconstruction gives. */
    public static void assertScoresWithinBound(List<WindowScore> scores, List<Window> windows, Calibration c,
                                               LstmRoundingModel.Result exact, String what) {
        assertThat(scores).hasSameSizeAs(windows);
        for (int i = 0; i < windows.size(); i++) {
            assertScoreWithinBound(scores.get(i), rawScore(c, windows.get(i), exact, i), c, what + " window " + i);
        }
    }

    public static void assertScoreWithinBound(WindowScore s, Interval raw, Calibration c, String what) {
        assertScoreWithinBound(s.rawScore(), s.anomalyScore(), s.anomaly(), raw, c, what);
    }

    /** A raw score, anomaly score and verdict (of any engine or record type) against the exact interval. */
    public static void assertScoreWithinBound(double rawScore, double anomalyScore, boolean anomaly, Interval raw, Calibration c,
                                              String what) {
        assertThat(Math.abs(rawScore - raw.exact())).as("%s: raw score %s vs exact %s", what, rawScore, raw.exact())
                .isLessThanOrEqualTo(raw.radius());
        assertThat(anomalyScore).as("%s: anomaly score", what)
                .isBetween(c.anomalyScore(raw.exact() - raw.radius()), c.anomalyScore(raw.exact() + raw.radius()));
        if (Math.abs(raw.exact() - c.threshold()) > raw.radius()) {
            assertThat(anomaly).as("%s: verdict (exact raw %s, threshold %s)", what, raw.exact(), c.threshold())
                    .isEqualTo(c.isAnomaly(raw.exact()));
        }
    }

    /** Exact raw-score intervals of every window, reconstructing them with the bundle's network. */
    public static List<Interval> rawScores(dev.blip.core.bundle.ModelBundle bundle, List<Window> windows) {
        LstmRoundingModel.Result exact = LstmRoundingModel.of(bundle.manifest().model(), bundle.network())
                .run(dev.blip.core.model.WindowTensors.masked(windows, bundle.manifest().model().maskNewest()), windows.size(),
                        LstmRoundingModel.float32());
        List<Interval> out = new java.util.ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            out.add(rawScore(bundle.manifest().calibration(), windows.get(i), exact, i));
        }
        return out;
    }
}
