package dev.blip.trainer.train;

import dev.blip.core.bundle.BundleManifest;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.score.WindowScore;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.time.Duration;
import java.util.List;

/**
 * A trained, calibrated model ready to save with {@code BundleIO.save(manifest(), network(), path)}.
 *
 * @param bundle            the in-memory bundle (same content hash as the saved one)
 * @param epochs            per-epoch losses, in order
 * @param bestEpoch         epoch whose weights were kept
 * @param underfit          the naive-reconstruction comparison on validation
 * @param validationScores  validation windows scored by the final bundle (for the training report)
 * @param trainingWindows   number of training windows
 * @param skipped           series left out and why
 * @param elapsed           wall time of training (not in the manifest: it would break reproducibility)
 */
public record TrainResult(ModelBundle bundle, List<EpochStats> epochs, int bestEpoch, UnderfitCheck underfit,
                          List<WindowScore> validationScores, int trainingWindows, List<String> skipped,
                          Duration elapsed) {

    public BundleManifest manifest() {
        return bundle.manifest();
    }

    public MultiLayerNetwork network() {
        return bundle.network();
    }
}
