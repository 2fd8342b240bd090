package dev.blip.core.stats;

/** The one quantile used everywhere (normalisers, calibration, baselines): linear interpolation. */
public final class Quantiles {

    private Quantiles() {
    }

    /** The {@code q}-quantile of already sorted data, interpolating between neighbours; 0 for no data. */
    public static double ofSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
