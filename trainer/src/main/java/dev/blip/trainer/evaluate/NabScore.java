package dev.blip.trainer.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NAB score, written from NAB's paper (Lavin and Ahmad, "Evaluating Real-time Anomaly
 * Detection Algorithms - the Numenta Anomaly Benchmark", 2015) and following NAB's reference
 * scorer ({@code nab/sweeper.py}, {@code nab/scorer.py}, {@code nab/runner.py#normalize},
 * {@code config/profiles.json}) where the two differ. Our own code, same rules:
 * <ul>
 *   <li><b>Probation.</b> Rows {@code i < min(floor(0.15 n), 0.15 * 5000)} of an {@code n}-row file
 *       are never scored (see {@link FileEvaluation#probation}).</li>
 *   <li><b>Detection.</b> A row is detected when {@code score >= threshold} (NaN never is).</li>
 *   <li><b>Windows</b> are the rows whose timestamps lie in a labelled {@code [start, end]} (NAB
 *       requires both ends to be row timestamps, in which case this is the same).</li>
 *   <li><b>True positives.</b> A detection at row {@code i} in window {@code [l, r]} (width
 *       {@code w = r - l + 1}) is worth {@code A_TP * s(-(r - i + 1) / w) / s(-1)}, with the scaled
 *       sigmoid {@code s(x) = 2 / (1 + e^(5x)) - 1} ({@code -1} for {@code x >= 3}). The window's
 *       first row is worth exactly {@code A_TP}; its last {@code A_TP * s(-1/w) / s(-1)} (never 0:
 *       NAB's code puts the right edge at {@code -1/w}, the paper at 0). A window keeps only its
 *       best, i.e. earliest, detection; an undetected window costs {@code -A_FN}.</li>
 *   <li><b>False positives.</b> Every detected row outside all windows costs
 *       {@code A_FP * s(|i - r_prev| / (w_prev - 1))} relative to the closest preceding window
 *       (so one just after a window costs little), and the full {@code -A_FP} with no preceding
 *       window. Preceding windows count even when they lie inside probation, as in NAB. A
 *       one-row preceding window would divide by zero in NAB; here its denominator is 1.</li>
 *   <li><b>Corpus-wide sweep</b> ({@link #sweep}): per profile, the one threshold maximising the
 *       summed raw score over all files: all scorable rows sorted by score, every distinct score
 *       tried as a threshold, plus "detect nothing" ({@code +Infinity}); ties go to the higher
 *       threshold, as NAB's stable sort does.</li>
 *   <li><b>Normalisation.</b> {@code 100 * (S - S_null) / (S_perfect - S_null)}: {@code S_null} is
 *       NAB's null detector (a constant score, swept: the better of detecting nothing, which is
 *       {@code -A_FN} per scored window, and detecting every row), {@code S_perfect = A_TP} times
 *       the number of labelled windows (NAB counts them from the labels file; a window lying
 *       entirely inside probation therefore lowers the attainable maximum, as in NAB).</li>
 * </ul>
 * Rows in probation and windows are taken per file; files are independent except through the
 * shared threshold.
 */
public final class NabScore {

    /** An application profile: NAB's {@code config/profiles.json} cost matrix (tnWeight is unused by NAB). */
    public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {
        public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);
        public static final Profile REWARD_LOW_FP = new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0);
        public static final Profile REWARD_LOW_FN = new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);
        public static final List<Profile> ALL = List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
    }

    /** One file's score at one threshold. */
    public record FileResult(String file, double raw, int windows, int windowsDetected, long detectedRows, long fpRows) {
    }

    /**
     * A corpus scored at one threshold.
     *
     * @param threshold  rows with {@code score >= threshold} are detections; {@code +Infinity} = none
     * @param raw        the summed raw score of the files
     * @param nullRaw    NAB's null detector on the same files and profile
     * @param perfectRaw {@code A_TP} times the labelled windows
     */
    public record Result(Profile profile, double threshold, double raw, double nullRaw, double perfectRaw,
                         List<FileResult> files) {

        /** 0 for the null detector, 100 for the perfect one (NaN with no labelled window). */
        public double normalised() {
            return perfectRaw == nullRaw ? Double.NaN : 100 * (raw - nullRaw) / (perfectRaw - nullRaw);
        }

        public int windows() {
            return files.stream().mapToInt(FileResult::windows).sum();
        }

        public int windowsDetected() {
            return files.stream().mapToInt(FileResult::windowsDetected).sum();
        }

        public long fpRows() {
            return files.stream().mapToLong(FileResult::fpRows).sum();
        }

        public boolean detectsNothing() {
            return threshold == Double.POSITIVE_INFINITY;
        }
    }

    /**
     * One file prepared for scoring: per row its window (or -1) and NAB's unweighted value (the
     * scaled-sigmoid weight, to be multiplied by {@code A_TP} inside a window, by {@code A_FP}
     * outside).
     */
    public static final class File {
        private final String name;
        private final double[] scores;
        private final int probation;
        private final int labelledWindows;
        private final int scoredWindows;
        private final int[] rights;
        private final int[] windowOf;
        private final double[] weight;

        private File(String name, double[] scores, List<int[]> windows, int probation) {
            if (probation < 0) {
                throw new IllegalArgumentException("probation must be >= 0, got " + probation);
            }
            this.name = name;
            this.scores = scores;
            this.probation = probation;
            int n = scores.length;
            List<int[]> sorted = new ArrayList<>(windows);
            sorted.sort(Comparator.comparingInt(w -> w[0]));
            for (int k = 0; k < sorted.size(); k++) {
                int[] w = sorted.get(k);
                if (w[0] < 0 || w[1] < w[0] || w[1] >= n) {
                    throw new IllegalArgumentException(name + ": window rows [" + w[0] + ", " + w[1] + "] outside 0.." + (n - 1));
                }
                if (k > 0 && w[0] <= sorted.get(k - 1)[1]) {
                    throw new IllegalArgumentException(name + ": labelled windows overlap");
                }
            }
            this.labelledWindows = sorted.size();
            this.windowOf = new int[n];
            this.weight = new double[n];
            double maxTp = scaledSigmoid(-1.0);
            int next = 0;
            int cur = -1;
            int prev = -1;
            for (int i = 0; i < n; i++) {
                if (cur < 0 && next < sorted.size() && i == sorted.get(next)[0]) {
                    cur = next++;
                }
                if (cur >= 0) {
                    int[] w = sorted.get(cur);
                    double width = w[1] - w[0] + 1;
                    windowOf[i] = cur;
                    weight[i] = scaledSigmoid(-(w[1] - i + 1) / width) / maxTp;
                    if (i == w[1]) {
                        prev = cur;
                        cur = -1;
                    }
                } else {
                    windowOf[i] = -1;
                    double position = 3.0;
                    if (prev >= 0) {
                        int[] p = sorted.get(prev);
                        position = Math.abs(p[1] - i) / Math.max(1.0, p[1] - p[0]);
                    }
                    weight[i] = scaledSigmoid(position);
                }
            }
            int scored = 0;
            this.rights = new int[sorted.size()];
            for (int k = 0; k < rights.length; k++) {
                rights[k] = sorted.get(k)[1];
                scored += rights[k] >= probation ? 1 : 0;
            }
            this.scoredWindows = scored;
        }

        /**
         * @param scores    the detector's score per row (higher = more anomalous)
         * @param windows   labelled windows as inclusive row ranges {@code [left, right]}
         * @param probation rows before this index are never scored
         */
        public static File of(String name, double[] scores, List<int[]> windows, int probation) {
            return new File(name, scores.clone(), windows, probation);
        }

        /** Windows mapped to rows by their timestamps (see {@link #windowRows}). */
        public static File of(String name, long[] timestamps, double[] scores, List<Labels.Window> labels, int probation) {
            if (timestamps.length != scores.length) {
                throw new IllegalArgumentException(name + ": " + timestamps.length + " timestamps but " + scores.length + " scores");
            }
            return of(name, scores, windowRows(timestamps, labels), probation);
        }

        /** A detector that only has verdicts: scored 1 when flagged, else 0; score it at threshold 1. */
        public static File ofFlags(String name, long[] timestamps, boolean[] flags, List<Labels.Window> labels, int probation) {
            double[] s = new double[flags.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = flags[i] ? 1 : 0;
            }
            return of(name, timestamps, s, labels, probation);
        }

        /** The same rows, windows and probation with another score column (no re-mapping). */
        public File withScores(double[] other) {
            if (other.length != scores.length) {
                throw new IllegalArgumentException(name + ": " + other.length + " scores for " + scores.length + " rows");
            }
            return new File(this, other.clone());
        }

        private File(File rows, double[] scores) {
            this.name = rows.name;
            this.scores = scores;
            this.probation = rows.probation;
            this.labelledWindows = rows.labelledWindows;
            this.scoredWindows = rows.scoredWindows;
            this.rights = rows.rights;
            this.windowOf = rows.windowOf;
            this.weight = rows.weight;
        }

        public String name() {
            return name;
        }

        public int rows() {
            return scores.length;
        }

        public int probation() {
            return probation;
        }

        /** Labelled windows that map to at least one row. */
        public int labelledWindows() {
            return labelledWindows;
        }

        /** Windows with at least one row after probation: the ones that score TP or FN. */
        public int scoredWindows() {
            return scoredWindows;
        }

        FileResult scoreAt(Profile p, double threshold) {
            return scoreAt(p, threshold, false);
        }

        /** {@code everyRow}: NAB's constant null detector at its own score, every scorable row detected. */
        private FileResult scoreAt(Profile p, double threshold, boolean everyRow) {
            double[] best = new double[labelledWindows];
            Arrays.fill(best, -p.fnWeight());
            double fp = 0;
            long detected = 0;
            long fpRows = 0;
            for (int i = probation; i < scores.length; i++) {
                if (!everyRow && !(scores[i] >= threshold)) {
                    continue;
                }
                detected++;
                int w = windowOf[i];
                if (w >= 0) {
                    best[w] = Math.max(best[w], weight[i] * p.tpWeight());
                } else {
                    fp += weight[i] * p.fpWeight();
                    fpRows++;
                }
            }
            return result(p, fp, best, detected, fpRows);
        }

        private FileResult result(Profile p, double fp, double[] best, long detected, long fpRows) {
            double raw = 0;
            raw += fp;
            int found = 0;
            for (int w = 0; w < best.length; w++) {
                if (counted(w)) {
                    raw += best[w];
                    found += best[w] > -p.fnWeight() ? 1 : 0;
                }
            }
            return new FileResult(name, raw, scoredWindows, found, detected, fpRows);
        }

        private boolean counted(int w) {
            return rights[w] >= probation;
        }
    }

    private NabScore() {
    }

    /** NAB's scaled sigmoid: {@code 2 / (1 + e^(5x)) - 1}, and exactly -1 from {@code x >= 3}. */
    public static double scaledSigmoid(double x) {
        return x >= 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }

    /**
     * Labelled windows as row ranges: each window is the rows whose timestamp lies in
     * {@code [start, end]}; a window containing no row is left out.
     */
    public static List<int[]> windowRows(long[] timestamps, List<Labels.Window> labels) {
        List<int[]> out = new ArrayList<>();
        for (Labels.Window w : labels) {
            int left = -1;
            int right = -1;
            for (int i = 0; i < timestamps.length; i++) {
                if (w.contains(timestamps[i])) {
                    left = left < 0 ? i : left;
                    right = i;
                }
            }
            if (left >= 0) {
                out.add(new int[] {left, right});
            }
        }
        out.sort(Comparator.comparingInt(a -> a[0]));
        return out;
    }

    /** The corpus scored at a given threshold (rows with {@code score >= threshold} are detections). */
    public static Result atThreshold(List<File> files, Profile p, double threshold) {
        List<FileResult> per = new ArrayList<>();
        double raw = 0;
        for (File f : files) {
            FileResult r = f.scoreAt(p, threshold);
            per.add(r);
            raw += r.raw();
        }
        return new Result(p, threshold, raw, nullRaw(files, p), perfectRaw(files, p), List.copyOf(per));
    }

    /** NAB's corpus-wide sweep for one profile: the single best threshold over all files. */
    public static Result sweep(List<File> files, Profile p) {
        return sweepAll(files, List.of(p)).get(p);
    }

    /** {@link #sweep} for every profile given, sorting the rows once. */
    public static Map<Profile, Result> sweepAll(List<File> files, List<Profile> profiles) {
        int windows = 0;
        int[] windowBase = new int[files.size()];
        int m = 0;
        for (int k = 0; k < files.size(); k++) {
            File f = files.get(k);
            windowBase[k] = windows;
            windows += f.labelledWindows;
            for (int i = f.probation; i < f.rows(); i++) {
                m += Double.isNaN(f.scores[i]) ? 0 : 1;
            }
        }
        double[] score = new double[m];
        double[] weight = new double[m];
        int[] window = new int[m];
        int r = 0;
        for (int k = 0; k < files.size(); k++) {
            File f = files.get(k);
            for (int i = f.probation; i < f.rows(); i++) {
                if (!Double.isNaN(f.scores[i])) {
                    score[r] = f.scores[i];
                    weight[r] = f.weight[i];
                    window[r] = f.windowOf[i] < 0 ? -1 : windowBase[k] + f.windowOf[i];
                    r++;
                }
            }
        }
        // Highest score first; equal scores keep file and row order (a stable sort, as NAB's).
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        boolean[] counted = new boolean[windows];
        for (int k = 0; k < files.size(); k++) {
            File f = files.get(k);
            for (int w = 0; w < f.labelledWindows; w++) {
                counted[windowBase[k] + w] = f.counted(w);
            }
        }
        Map<Profile, Result> out = new LinkedHashMap<>();
        for (Profile p : profiles) {
            double[] best = new double[windows];
            Arrays.fill(best, -p.fnWeight());
            double fp = 0;
            double bestScore = total(fp, best, counted);
            double bestThreshold = Double.POSITIVE_INFINITY;
            int k = 0;
            while (k < m) {
                double threshold = score[order[k]];
                while (k < m && score[order[k]] == threshold) {
                    int row = order[k++];
                    if (window[row] >= 0) {
                        best[window[row]] = Math.max(best[window[row]], weight[row] * p.tpWeight());
                    } else {
                        fp += weight[row] * p.fpWeight();
                    }
                }
                double s = total(fp, best, counted);
                if (s > bestScore) {
                    bestScore = s;
                    bestThreshold = threshold;
                }
            }
            // As NAB's scorer: the reported score is the sum of the files' scores at that threshold.
            out.put(p, atThreshold(files, p, bestThreshold));
        }
        return out;
    }

    private static double total(double fp, double[] best, boolean[] counted) {
        double s = 0;
        s += fp;
        for (int w = 0; w < best.length; w++) {
            if (counted[w]) {
                s += best[w];
            }
        }
        return s;
    }

    /**
     * NAB's null detector (constant score) after the sweep: the better of detecting nothing
     * ({@code -A_FN} per scored window) and detecting every scorable row; nothing on a tie.
     */
    public static double nullRaw(List<File> files, Profile p) {
        double none = 0;
        double all = 0;
        for (File f : files) {
            none += f.scoreAt(p, Double.POSITIVE_INFINITY).raw();
            all += f.scoreAt(p, Double.NaN, true).raw();
        }
        return all > none ? all : none;
    }

    /** NAB's perfect score: {@code A_TP} for every labelled window. */
    public static double perfectRaw(List<File> files, Profile p) {
        int windows = 0;
        for (File f : files) {
            windows += f.labelledWindows;
        }
        return p.tpWeight() * windows;
    }
}
