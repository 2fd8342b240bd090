package dev.blip.core.window;

/**
 * One model input: {@code length} consecutive transformed buckets of one key, plus what is
 * needed to turn a reconstruction back into counts. {@code input} is laid out feature-major,
 * {@code input[f * length + t]}, which is one example of DL4J's NCW recurrent layout.
 *
 * @param key             the key the window belongs to
 * @param endBucketStart  start of the window's last (newest) bucket; the window is "at" this bucket
 * @param firstBucketStart start of the window's first bucket
 * @param input           transformed values, {@code [features * length]}
 * @param invScale        per step and feature, {@code count = invScale * y + invOffset}
 * @param invOffset       see {@code invScale}
 * @param actual          the raw counts of every bucket in the window, {@code [length][features]}
 */
public record Window(String key, long endBucketStart, long firstBucketStart, int features, int length,
                     float[] input, double[][] invScale, double[][] invOffset, double[][] actual) {

    public float value(int feature, int step) {
        return input[feature * length + step];
    }

    /** Turns a transformed value at (step, feature) back into a count. */
    public double toCount(int step, int feature, double transformed) {
        return invScale[step][feature] * transformed + invOffset[step][feature];
    }
}
