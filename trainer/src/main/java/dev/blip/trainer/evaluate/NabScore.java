package dev.blip.trainer.evaluate;

import java.util.List;

/**
 * A NAB-style score, implemented from the published scoring rules (Lavin and Ahmad, "Evaluating
 * Real-time Anomaly Detection Algorithms", and NAB's documentation), standard profile
 * {@code A_TP = 1, A_FP = 0.11, A_FN = 1}:
 * <ul>
 *   <li>rows in the probationary period are ignored;</li>
 *   <li>each labelled window starts at {@code -A_FN}; a detection inside it is worth
 *       {@code A_TP * sigma(p) / sigma(-1)} where {@code p = -(right - i + 1) / width} runs from
 *       -1 at the window's left edge towards 0 at its right edge and
 *       {@code sigma(p) = 2 / (1 + e^(5p)) - 1}; the window keeps its best detection (earlier is better);</li>
 *   <li>a detection outside every window costs {@code A_FP * sigma(p)} with
 *       {@code p = |i - right_prev| / (width_prev - 1)} relative to the previous window (so
 *       detections just after a window cost little), or {@code sigma = -1} with no previous window
 *       or {@code p >= 3};</li>
 *   <li>a corpus is normalised as {@code 100 * (S - S_null) / (S_perfect - S_null)}, where the null
 *       detector scores {@code -A_FN} per window and the perfect one {@code A_TP} per window.</li>
 * </ul>
 * Unlike NAB, the threshold is not swept over the corpus to maximise the score: the model's own
 * calibrated threshold (fitted on the training prefix) decides, which is how it would run.
 */
public final class NabScore {

    public static final double A_TP = 1.0;
    public static final double A_FP = 0.11;
    public static final double A_FN = 1.0;

    /** Raw score of one file plus the null and perfect scores it contributes. */
    public record Result(double raw, double nullScore, double perfect, int windows) {
        public static Result sum(List<Result> all) {
            double r = 0;
            double n = 0;
            double p = 0;
            int w = 0;
            for (Result x : all) {
                r += x.raw;
                n += x.nullScore;
                p += x.perfect;
                w += x.windows;
            }
            return new Result(r, n, p, w);
        }

        /** The normalised score, 0 for the null detector and 100 for the perfect one. */
        public double normalised() {
            return perfect == nullScore ? Double.NaN : 100 * (raw - nullScore) / (perfect - nullScore);
        }
    }

    private NabScore() {
    }

    static double sigmoid(double p) {
        return p >= 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * p)) - 1.0;
    }

    /**
     * @param windows   row index ranges {@code [left, right]} of the counted windows, in time order
     * @param detected  the detector's verdict per row
     * @param probation rows before this index are ignored
     */
    public static Result score(List<int[]> windows, boolean[] detected, int probation) {
        double maxTp = sigmoid(-1.0);
        double[] windowScore = new double[windows.size()];
        java.util.Arrays.fill(windowScore, -A_FN);
        double fp = 0;
        int w = 0;
        int prev = -1;
        for (int i = probation; i < detected.length; i++) {
            while (w < windows.size() && windows.get(w)[1] < i) {
                prev = w++;
            }
            if (!detected[i]) {
                continue;
            }
            if (w < windows.size() && windows.get(w)[0] <= i) {
                int[] win = windows.get(w);
                double width = win[1] - win[0] + 1;
                double value = sigmoid(-(win[1] - i + 1) / width) * A_TP / maxTp;
                windowScore[w] = Math.max(windowScore[w], value);
            } else {
                double p = 3.0;
                if (prev >= 0) {
                    int[] pw = windows.get(prev);
                    p = Math.abs(i - pw[1]) / Math.max(1.0, pw[1] - pw[0]);
                }
                fp += sigmoid(p) * A_FP;
            }
        }
        double raw = fp;
        for (double s : windowScore) {
            raw += s;
        }
        return new Result(raw, -A_FN * windows.size(), A_TP * windows.size(), windows.size());
    }
}
