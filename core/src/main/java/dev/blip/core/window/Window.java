package dev.blip.core.window;

import dev.blip.core.transform.Stabiliser;

/**
 * One model input: {@code length} consecutive transformed buckets of one key, plus what is
 * needed to turn a reconstruction back into counts. {@code input} is laid out channel-major,
 * {@code input[c * length + t]}, which is one example of DL4J's NCW recurrent layout; channel
 * {@code g * countFeatures + f} is channel group {@code g} of count feature {@code f}.
 *
 * @param key             the key the window belongs to
 * @param endBucketStart  start of the window's last (newest) bucket; the window is "at" this bucket
 * @param firstBucketStart start of the window's first bucket
 * @param features        model channels (the network's input width)
 * @param input           transformed values, {@code [features * length]}
 * @param invScale        per step and feature, {@code count = invScale * y + invOffset}
 * @param invOffset       see {@code invScale}
 * @param actual          the raw counts of every bucket in the window, {@code [length][countFeatures]}
 * @param stabiliser      maps the affine inverse's output back to counts
 */
public record Window(String key, long endBucketStart, long firstBucketStart, int features, int length,
                     float[] input, double[][] invScale, double[][] invOffset, double[][] actual,
                     Stabiliser stabiliser) {

    /** Count features per bucket (the model's channels are groups of these). */
    public int countFeatures() {
        return actual[0].length;
    }

    public float value(int feature, int step) {
        return input[feature * length + step];
    }

    /** Turns a transformed value at (step, channel) back into a count (never negative for counts). */
    public double toCount(int step, int channel, double transformed) {
        return stabiliser.inverse(invScale[step][channel] * transformed + invOffset[step][channel]);
    }
}
