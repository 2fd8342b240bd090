package dev.blip.core.bundle;

import dev.blip.core.detect.DetectorSpec;
import dev.blip.core.Product;
import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.score.Calibration;
import dev.blip.core.transform.Preprocessing;

import java.util.ArrayList;
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

    /**
     * Every rule this manifest breaks, each naming the field, the rule and the value; the
     * components' own {@code violations()} do the detailed checks. The content hash is not checked
     * here (it needs the network's bytes; see {@link BundleIO}).
     */
    public List<String> violations() {
        List<String> problems = new ArrayList<>();
        if (formatVersion != FORMAT_VERSION) {
            problems.add("formatVersion: this build reads format " + FORMAT_VERSION + ", the bundle has "
                    + formatVersion + (formatVersion > FORMAT_VERSION ? " (written by a newer blip)" : ""));
        }
        if (!Product.NAME.equals(product)) {
            problems.add("product: must be '" + Product.NAME + "', got '" + product + "'");
        }
        if (features == null || features.isEmpty()) {
            problems.add("features: must name at least one feature");
        }
        try {
            BucketInterval.parse(bucketInterval);
        } catch (IllegalArgumentException e) {
            problems.add("bucketInterval: " + e.getMessage());
        }
        if (windowStride < 1) {
            problems.add("windowStride: must be >= 1, got " + windowStride);
        }
        int n = features == null ? 0 : features.size();
        if (model == null) {
            problems.add("model: required");
        } else {
            model.violations().forEach(v -> problems.add("model." + v));
        }
        int channels = n;
        if (preprocessing == null) {
            problems.add("preprocessing: required");
        } else {
            problems.addAll(preprocessing.violations(n));
            if (preprocessing.channels() != null && preprocessing.channels().stream().noneMatch(java.util.Objects::isNull)) {
                if (!preprocessing.fitted()) {
                    problems.add("preprocessing: a global normaliser has no fitted center/scale");
                }
                channels = preprocessing.channelCount(n);
            }
        }
        if (model != null && model.features() != channels) {
            problems.add("model.features: must equal the channels (" + channels + " = channel groups x features), got "
                    + model.features());
        }
        if (detector == null) {
            problems.add("detector: required");
        } else {
            problems.addAll(detector.violations());
        }
        if (calibration == null) {
            problems.add("calibration: required");
        } else {
            problems.addAll(calibration.violations(channels));
        }
        problems.addAll(FiniteValues.violations(calibration, preprocessing));
        return problems;
    }
}
