package dev.blip.core.transform;

/**
 * One step of preprocessing, applied bucket by bucket. A transform is immutable; whatever it
 * remembers about a key lives in a {@code double[]} slice that the caller owns (in the scorer,
 * inside the key's state-store entry; in the trainer, one per series). Feeding the same buckets
 * through the same state therefore gives the same output offline and in the stream.
 */
public interface Transform {

    TransformKind kind();

    /** Number of doubles of per-key state for a model with {@code features} features. */
    int stateSize(int features);

    /** Outputs a key must produce through this transform before its windows are scored. */
    default int warmup() {
        return 0;
    }

    /**
     * Transforms one bucket in place and writes the inverse of what it did:
     * {@code original[f] = invScale[f] * transformed[f] + invOffset[f]}.
     *
     * @return false when the bucket was consumed to seed the state and produced no output
     */
    boolean forward(double[] x, double[] state, int stateOffset, double[] invScale, double[] invOffset);

    /** The saved form, with every fitted parameter. */
    TransformSpec spec();
}
