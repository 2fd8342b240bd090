package dev.blip.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Shape and training hyper-parameters of the encoder-decoder LSTM.
 *
 * @param features       count features per bucket (network input and output width)
 * @param windowLength   time steps per window (T)
 * @param hidden         encoder LSTM sizes, outermost first; the decoder mirrors them and the
 *                       last encoder size is the latent size
 * @param reverseOrder   reconstruct the window in reverse time order (EncDec-AD)
 * @param bidirectional  bidirectional encoder (forward and backward states concatenated)
 * @param learningRate   Adam learning rate
 * @param gradientClip   per-layer L2 gradient norm clip; 0 disables clipping
 * @param seed           weight initialisation and shuffling seed
 * @param maskNewest     newest time steps hidden (set to 0) on input: the model must predict them
 *                       from the rest of the window, so their error measures surprise rather than
 *                       copying (0 = a plain autoencoder)
 */
public record ModelConfig(int features, int windowLength, List<Integer> hidden, boolean reverseOrder,
                          boolean bidirectional, double learningRate, double gradientClip, long seed, int maskNewest) {

    public ModelConfig {
        hidden = hidden == null ? null : List.copyOf(hidden);
    }

    /** A plain autoencoder (nothing masked). */
    public ModelConfig(int features, int windowLength, List<Integer> hidden, boolean reverseOrder,
                       boolean bidirectional, double learningRate, double gradientClip, long seed) {
        this(features, windowLength, hidden, reverseOrder, bidirectional, learningRate, gradientClip, seed, 0);
    }

    public static ModelConfig defaults(int features, int windowLength) {
        return new ModelConfig(features, windowLength, List.of(64), false, false, 1e-3, 1.0, 42L);
    }

    public ModelConfig withHidden(List<Integer> sizes) {
        return new ModelConfig(features, windowLength, sizes, reverseOrder, bidirectional, learningRate, gradientClip, seed, maskNewest);
    }

    public ModelConfig withSeed(long newSeed) {
        return new ModelConfig(features, windowLength, hidden, reverseOrder, bidirectional, learningRate, gradientClip, newSeed, maskNewest);
    }

    public ModelConfig withLearningRate(double lr) {
        return new ModelConfig(features, windowLength, hidden, reverseOrder, bidirectional, lr, gradientClip, seed, maskNewest);
    }

    public ModelConfig withOptions(boolean reverse, boolean bidi) {
        return new ModelConfig(features, windowLength, hidden, reverse, bidi, learningRate, gradientClip, seed, maskNewest);
    }

    public ModelConfig withMaskNewest(int steps) {
        return new ModelConfig(features, windowLength, hidden, reverseOrder, bidirectional, learningRate, gradientClip, seed, steps);
    }

    /** Size of the latent vector (the last encoder state, doubled when bidirectional). */
    public int latentSize() {
        int last = hidden.get(hidden.size() - 1);
        return bidirectional ? 2 * last : last;
    }

    /** Every rule this configuration breaks, each naming the field, the rule and the value. */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        if (features < 1 || features > 1024) {
            out.add("features: must be in [1, 1024], got " + features);
        }
        if (windowLength < 2 || windowLength > 4096) {
            out.add("windowLength: must be in [2, 4096], got " + windowLength);
        }
        if (hidden == null || hidden.isEmpty() || hidden.size() > 4) {
            out.add("hidden: must list 1 to 4 layer sizes, got " + hidden);
        } else {
            for (Integer h : hidden) {
                if (h == null || h < 1 || h > 4096) {
                    out.add("hidden: every size must be in [1, 4096], got " + h);
                }
            }
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            out.add("learningRate: must be in (0, 1), got " + learningRate);
        }
        if (maskNewest < 0 || maskNewest >= windowLength) {
            out.add("maskNewest: must be in [0, windowLength), got " + maskNewest);
        }
        if (!(gradientClip >= 0) || Double.isInfinite(gradientClip)) {
            out.add("gradientClip: must be a finite number >= 0, got " + gradientClip);
        }
        return out;
    }

    public void validate() {
        List<String> v = violations();
        if (!v.isEmpty()) {
            throw new IllegalArgumentException("invalid model configuration: " + String.join("; ", v));
        }
    }
}
