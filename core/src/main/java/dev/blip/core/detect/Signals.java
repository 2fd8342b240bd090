package dev.blip.core.detect;

/** The log-probability scale every signal shares: {@code 0.5} is a tail probability of {@code 1e-5}. */
final class Signals {

    private static final double LOG_FLOOR = Math.log(1e-10);

    private Signals() {
    }

    /** {@code log(p + 1e-10) / log(1e-10)}: 0 for p = 1, 0.5 for p = 1e-5, 1 for p <= 1e-10. */
    static double logScaled(double tailProbability) {
        double p = Math.min(1.0, Math.max(0.0, tailProbability));
        return Math.min(1.0, Math.max(0.0, Math.log(p + 1e-10) / LOG_FLOOR));
    }

    /** Two-sided Gaussian tail: the probability of a value at least {@code |z|} deviations from the mean. */
    static double tail(double z) {
        return 0.5 * erfc(Math.abs(z) / Math.sqrt(2.0));
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
