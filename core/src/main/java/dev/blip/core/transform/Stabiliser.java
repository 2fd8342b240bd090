package dev.blip.core.transform;

/**
 * The variance-stabilising step applied to every bucket before the channel transforms.
 *
 * <ul>
 *   <li>{@link #ANSCOMBE}: {@code y = 2 sqrt(x + 3/8)} for counts. A Poisson count's variance
 *       grows with its mean, so on raw counts a quiet night and a busy day are judged on scales
 *       that differ by orders of magnitude, and a drop to zero at night looks like noise.
 *       After this transform Poisson noise has a standard deviation close to 1 at every level.
 *       Negative inputs are treated as 0. The inverse {@code x = (y/2)^2 - 3/8} is clamped at 0,
 *       so an expected count is never negative.</li>
 *   <li>{@link #NONE}: values pass unchanged; for gauges (CPU, latency) whose noise does not grow
 *       with the level, and which may be negative.</li>
 * </ul>
 */
public enum Stabiliser {
    NONE {
        @Override
        public double forward(double x) {
            return x;
        }

        @Override
        public double inverse(double y) {
            return y;
        }
    },
    ANSCOMBE {
        private static final double SHIFT = 3.0 / 8.0;

        @Override
        public double forward(double x) {
            return 2.0 * Math.sqrt(Math.max(x, 0.0) + SHIFT);
        }

        @Override
        public double inverse(double y) {
            if (!(y > 0)) {
                return y != y ? y : 0.0;
            }
            double half = y / 2.0;
            return Math.max(0.0, half * half - SHIFT);
        }
    };

    public abstract double forward(double x);

    /** The inverse of {@link #forward}; for {@link #ANSCOMBE} clamped at 0. NaN stays NaN. */
    public abstract double inverse(double y);
}
