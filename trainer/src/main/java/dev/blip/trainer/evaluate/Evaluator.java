package dev.blip.trainer.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates scored files against labels, all after the same probationary prefix:
 * <ul>
 *   <li>the model: its {@code is_anomaly} verdicts (point/event counts and NAB at its own
 *       threshold) and its {@code anomaly_score} column (NAB with the corpus-wide sweep);</li>
 *   <li>the {@link ZScoreBaseline}: verdicts at its threshold from the training prefix, and its z
 *       column swept the same way;</li>
 *   <li>any extra score columns of the scored files (swept only).</li>
 * </ul>
 */
public final class Evaluator {

    public static final String MODEL = "model";
    public static final String BASELINE = "rolling z-score baseline";

    private final double probationFraction;
    private final int probationMaxRows;
    private final ZScoreBaseline baseline;

    public Evaluator(double probationFraction, int probationMaxRows, ZScoreBaseline baseline) {
        if (!(probationFraction >= 0 && probationFraction < 1) || probationMaxRows < 0) {
            throw new IllegalArgumentException("probation fraction must be in [0, 1) and max rows >= 0, got "
                    + probationFraction + ", " + probationMaxRows);
        }
        this.probationFraction = probationFraction;
        this.probationMaxRows = probationMaxRows;
        this.baseline = baseline;
    }

    public int probation(int rows) {
        return FileEvaluation.probation(rows, probationFraction, probationMaxRows);
    }

    public Evaluation.Entry evaluate(String name, DetectionCsv.Scored scored, List<Labels.Window> labels) {
        int probation = probation(scored.rows());
        FileEvaluation model = FileEvaluation.of(name, scored.timestamps(), scored.anomaly(), labels, probation);
        double[] z = baseline.zScores(scored.values());
        int trainRows = Math.max(probation, 2);
        double t = baseline.threshold(z, trainRows);
        boolean[] flags = new boolean[z.length];
        for (int i = 0; i < z.length; i++) {
            flags[i] = z[i] > t;
        }
        FileEvaluation base = FileEvaluation.of(name, scored.timestamps(), flags, labels, probation);
        return new Evaluation.Entry(scored, labels, probation, model, base, z, flags);
    }

    /** Scores every detector over all entries (the sweep needs the whole corpus). */
    public Evaluation summarise(List<Evaluation.Entry> entries) {
        List<Evaluation.DetectorResult> out = new ArrayList<>();
        out.add(detector(MODEL, "anomaly_score", entries, e -> e.scored().score(), e -> e.scored().anomaly()));
        out.add(detector(BASELINE, "z", entries, Evaluation.Entry::baselineScores, Evaluation.Entry::baselineFlags));
        if (!entries.isEmpty()) {
            for (String column : entries.get(0).scored().extra().keySet()) {
                out.add(detector(column, column, entries, e -> e.scored().extra().get(column), null));
            }
        }
        return new Evaluation(List.copyOf(entries), List.copyOf(out));
    }

    public Evaluation evaluateAll(List<String> names, List<DetectionCsv.Scored> scored, List<List<Labels.Window>> labels) {
        List<Evaluation.Entry> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(evaluate(names.get(i), scored.get(i), labels.get(i)));
        }
        return summarise(out);
    }

    private static Evaluation.DetectorResult detector(String name, String column, List<Evaluation.Entry> entries,
                                                      java.util.function.Function<Evaluation.Entry, double[]> scores,
                                                      java.util.function.Function<Evaluation.Entry, boolean[]> verdicts) {
        List<NabScore.File> files = new ArrayList<>();
        List<NabScore.File> flagged = new ArrayList<>();
        for (Evaluation.Entry e : entries) {
            NabScore.File f = NabScore.File.of(e.model().file(), e.scored().timestamps(), scores.apply(e), e.labels(),
                    e.probation());
            files.add(f);
            if (verdicts != null) {
                boolean[] v = verdicts.apply(e);
                double[] s = new double[v.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = v[i] ? 1 : 0;
                }
                flagged.add(f.withScores(s));
            }
        }
        Map<NabScore.Profile, NabScore.Result> swept = NabScore.sweepAll(files, NabScore.Profile.ALL);
        Map<NabScore.Profile, NabScore.Result> own = null;
        Counts ownCounts = null;
        if (verdicts != null) {
            own = new LinkedHashMap<>();
            for (NabScore.Profile p : NabScore.Profile.ALL) {
                own.put(p, NabScore.atThreshold(flagged, p, 1.0));
            }
            ownCounts = Counts.sum(entries.stream().map(e -> FileEvaluation.of(e.model().file(), e.scored().timestamps(),
                    verdicts.apply(e), e.labels(), e.probation()).counts()).toList());
        }
        Map<NabScore.Profile, Counts> sweptCounts = new LinkedHashMap<>();
        for (NabScore.Profile p : NabScore.Profile.ALL) {
            double t = swept.get(p).threshold();
            List<Counts> at = new ArrayList<>();
            for (Evaluation.Entry e : entries) {
                double[] s = scores.apply(e);
                boolean[] d = new boolean[s.length];
                for (int i = 0; i < s.length; i++) {
                    d[i] = s[i] >= t;
                }
                at.add(FileEvaluation.of(e.model().file(), e.scored().timestamps(), d, e.labels(), e.probation()).counts());
            }
            sweptCounts.put(p, Counts.sum(at));
        }
        return new Evaluation.DetectorResult(name, column, ownCounts, own, swept, sweptCounts);
    }
}
