package dev.blip.core.bundle;

import dev.blip.core.detect.DetectorSpec;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.score.Calibration;
import dev.blip.core.transform.Preprocessing;

import java.util.List;
import java.util.Map;

/**
 * Everything about a model except its weights, stored as {@code manifest.json} in the bundle.
 *
 * @param formatVersion  bundle format; a loader refuses formats it does not know
 * @param product        always {@code blip}
 * @param productVersion version of the build that wrote the bundle
 * @param modelVersion   SHA-256 of the network and this manifest (with this field blanked): the
 *                       model's identity on every anomaly record; checked on load
 * @param createdAt      ISO-8601 instant the bundle was written
 * @param features       feature names, in model order
 * @param bucketInterval bucket width, e.g. {@code 5m}
 * @param windowStride   stride used to cut training windows (scoring evaluates every bucket)
 * @param model          network shape and training hyper-parameters
 * @param preprocessing  stabiliser and channel groups, with fitted parameters
 * @param calibration    raw score, threshold, score mapping and expected band
 * @param detector       per-key post-processing: signals, threshold, episodes
 * @param training       summary of the training data (series, buckets, time range, ...)
 * @param metrics        training metrics (losses, baseline comparisons, ...)
 */
public record BundleManifest(int formatVersion, String product, String productVersion, String modelVersion,
                             String createdAt, List<String> features, String bucketInterval, int windowStride,
                             ModelConfig model, Preprocessing preprocessing, Calibration calibration,
                             DetectorSpec detector, Map<String, Object> training, Map<String, Object> metrics) {

    /** Format 2: level and difference channels, newest-bucket scoring, per-key detector. Format 1 is refused. */
    public static final int FORMAT_VERSION = 2;

    public BundleManifest withModelVersion(String version) {
        return new BundleManifest(formatVersion, product, productVersion, version, createdAt, features,
                bucketInterval, windowStride, model, preprocessing, calibration, detector, training, metrics);
    }

    /** The same model with another detector configuration (e.g. for ablations); the version is recomputed on save. */
    public BundleManifest withDetector(DetectorSpec spec) {
        return new BundleManifest(formatVersion, product, productVersion, modelVersion, createdAt, features,
                bucketInterval, windowStride, model, preprocessing, calibration, spec, training, metrics);
    }
}
