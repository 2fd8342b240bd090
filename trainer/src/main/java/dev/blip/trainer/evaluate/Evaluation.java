package dev.blip.trainer.evaluate;

import java.util.List;

/**
 * The evaluation of the model's detections and of the baseline on a set of labelled files.
 *
 * @param files one entry per scored file
 */
public record Evaluation(List<Entry> files) {

    /** One file: the scored rows, its labels, and both detectors' results. */
    public record Entry(DetectionCsv.Scored scored, List<Labels.Window> labels, FileEvaluation model,
                        FileEvaluation baseline, boolean[] baselineFlags) {
    }

    public Counts modelCounts() {
        return Counts.sum(files.stream().map(e -> e.model().counts()).toList());
    }

    public Counts baselineCounts() {
        return Counts.sum(files.stream().map(e -> e.baseline().counts()).toList());
    }

    public NabScore.Result modelNab() {
        return NabScore.Result.sum(files.stream().map(e -> e.model().nab()).toList());
    }

    public NabScore.Result baselineNab() {
        return NabScore.Result.sum(files.stream().map(e -> e.baseline().nab()).toList());
    }
}
