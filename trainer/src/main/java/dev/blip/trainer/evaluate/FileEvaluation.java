package dev.blip.trainer.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * One detector's verdicts on one labelled file, after the probationary (training) prefix:
 * point-wise and event-wise counts. Rows before {@code probation} are never counted, and windows
 * that end inside the prefix are dropped: they lie in data the model trained on. (The NAB score is
 * in {@link NabScore}.)
 *
 * @param file      relative path of the file
 * @param rows      rows in the file
 * @param probation rows ignored at the start
 * @param counts    the counts
 */
public record FileEvaluation(String file, int rows, int probation, Counts counts) {

    /**
     * NAB's probationary length {@code min(floor(fraction * rows), maxRows)}; NAB's own cap is
     * {@code fraction * 5000} (750 rows at 0.15).
     */
    public static int probation(int rows, double fraction, int maxRows) {
        return (int) Math.min(Math.floor(fraction * rows), maxRows);
    }

    public static FileEvaluation of(String file, long[] timestamps, boolean[] detected, List<Labels.Window> labels,
                                    int probation) {
        List<int[]> windows = rowRanges(timestamps, labels, probation);
        boolean[] inWindow = new boolean[timestamps.length];
        for (int[] w : windows) {
            for (int i = w[0]; i <= w[1]; i++) {
                inWindow[i] = true;
            }
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        long fpEvents = 0;
        for (int i = probation; i < timestamps.length; i++) {
            if (inWindow[i]) {
                tp += detected[i] ? 1 : 0;
                fn += detected[i] ? 0 : 1;
            } else if (detected[i]) {
                fp++;
                fpEvents += i == probation || !detected[i - 1] || inWindow[i - 1] ? 1 : 0;
            } else {
                tn++;
            }
        }
        long eventTp = 0;
        for (int[] w : windows) {
            for (int i = Math.max(w[0], probation); i <= w[1]; i++) {
                if (detected[i]) {
                    eventTp++;
                    break;
                }
            }
        }
        Counts counts = new Counts(tp, fp, fn, tn, eventTp, windows.size() - eventTp, fpEvents);
        return new FileEvaluation(file, timestamps.length, probation, counts);
    }

    /** Row index ranges of the windows that reach past the probationary prefix. */
    static List<int[]> rowRanges(long[] timestamps, List<Labels.Window> labels, int probation) {
        List<int[]> out = new ArrayList<>();
        for (int[] w : NabScore.windowRows(timestamps, labels)) {
            if (w[1] >= probation) {
                out.add(w);
            }
        }
        return out;
    }
}
