package dev.blip.trainer.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates scored files against labels: the model's {@code is_anomaly} column and the
 * {@link ZScoreBaseline} (thresholded on the same prefix), both after the same probationary
 * prefix, by the same point-wise, event-wise and NAB-style rules.
 */
public final class Evaluator {

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

    public Evaluation.Entry evaluate(String name, DetectionCsv.Scored scored, List<Labels.Window> labels) {
        int probation = FileEvaluation.probation(scored.rows(), probationFraction, probationMaxRows);
        FileEvaluation model = FileEvaluation.of(name, scored.timestamps(), scored.anomaly(), labels, probation);
        boolean[] flags = baseline.detect(scored.values(), Math.max(probation, 2));
        FileEvaluation base = FileEvaluation.of(name, scored.timestamps(), flags, labels, probation);
        return new Evaluation.Entry(scored, labels, model, base, flags);
    }

    public Evaluation evaluateAll(List<String> names, List<DetectionCsv.Scored> scored, List<List<Labels.Window>> labels) {
        List<Evaluation.Entry> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(evaluate(names.get(i), scored.get(i), labels.get(i)));
        }
        return new Evaluation(out);
    }
}
