package dev.blip.core.detect;

import dev.blip.core.score.WindowScore;

import java.util.List;

/**
 * The detector's verdict on one bucket of one key.
 *
 * @param score         the model's score of the window ending at the bucket
 * @param likelihood    the likelihood signal in [0, 1] (0 while learning or disabled)
 * @param instantaneous the instantaneous signal in [0, 1] (0 when disabled)
 * @param range         whether the range signal fired
 * @param anomalyScore  the combined score in [0, 1]
 * @param anomaly       {@code anomalyScore >= threshold}
 * @param reasons       the signals at or above the threshold
 * @param episode       the episode report this bucket produced (opened or closed), or null
 */
public record BucketVerdict(WindowScore score, double likelihood, double instantaneous, boolean range,
                            double anomalyScore, boolean anomaly, List<String> reasons, Episode episode) {
}
