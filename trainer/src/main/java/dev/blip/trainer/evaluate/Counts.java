package dev.blip.trainer.evaluate;

import java.util.List;

/**
 * Point-wise and event-wise counts of one detector on one or more files.
 *
 * @param tp    rows inside a labelled window that were flagged
 * @param fp    rows outside every window that were flagged
 * @param fn    rows inside a window that were not flagged
 * @param tn    rows outside every window that were not flagged
 * @param eventTp windows with at least one flagged row
 * @param eventFn windows with no flagged row
 * @param eventFp runs of consecutive flagged rows outside every window (one false alarm each)
 */
public record Counts(long tp, long fp, long fn, long tn, long eventTp, long eventFn, long eventFp) {

    public static Counts sum(List<Counts> all) {
        long[] s = new long[7];
        for (Counts c : all) {
            s[0] += c.tp;
            s[1] += c.fp;
            s[2] += c.fn;
            s[3] += c.tn;
            s[4] += c.eventTp;
            s[5] += c.eventFn;
            s[6] += c.eventFp;
        }
        return new Counts(s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    public double f1() {
        return f1(precision(), recall());
    }

    public double eventPrecision() {
        return ratio(eventTp, eventTp + eventFp);
    }

    public double eventRecall() {
        return ratio(eventTp, eventTp + eventFn);
    }

    public double eventF1() {
        return f1(eventPrecision(), eventRecall());
    }

    /** NaN when undefined (nothing flagged, or nothing to find). */
    static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    static double f1(double p, double r) {
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
