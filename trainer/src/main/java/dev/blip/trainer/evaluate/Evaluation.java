package dev.blip.trainer.evaluate;

import java.util.List;
import java.util.Map;

/**
 * The evaluation of several detectors (the model's score column, the baseline, any extra score
 * columns) on a set of labelled files.
 *
 * @param files     one entry per scored file
 * @param detectors one result per detector, the model first
 */
public record Evaluation(List<Entry> files, List<DetectorResult> detectors) {

    /**
     * One file: the scored rows, its labels, the model's and the baseline's verdicts at their own
     * thresholds, and the baseline's score column (z).
     */
    public record Entry(DetectionCsv.Scored scored, List<Labels.Window> labels, int probation, FileEvaluation model,
                        FileEvaluation baseline, double[] baselineScores, boolean[] baselineFlags) {
    }

    /**
     * One detector over all files.
     *
     * @param name         display name
     * @param scoreColumn  where its per-row score comes from
     * @param ownCounts    point/event counts at the detector's own threshold (null when it has no verdicts)
     * @param ownNab       NAB per profile at the detector's own threshold (null when it has no verdicts);
     *                     this is how the product runs: the calibrated threshold decides
     * @param swept        NAB per profile with NAB's corpus-wide threshold sweep over the score column
     * @param sweptCounts  point/event counts at each profile's swept threshold
     */
    public record DetectorResult(String name, String scoreColumn, Counts ownCounts,
                                 Map<NabScore.Profile, NabScore.Result> ownNab,
                                 Map<NabScore.Profile, NabScore.Result> swept,
                                 Map<NabScore.Profile, Counts> sweptCounts) {
    }

    public DetectorResult model() {
        return detectors.get(0);
    }

    public Counts modelCounts() {
        return Counts.sum(files.stream().map(e -> e.model().counts()).toList());
    }

    public Counts baselineCounts() {
        return Counts.sum(files.stream().map(e -> e.baseline().counts()).toList());
    }

    /** Labelled windows reaching past probation, over all files. */
    public long windows() {
        Counts c = modelCounts();
        return c.eventTp() + c.eventFn();
    }
}
