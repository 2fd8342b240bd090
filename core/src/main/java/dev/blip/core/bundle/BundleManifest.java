package dev.blip.core.bundle;

import dev.blip.core.Product;
import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.score.Calibration;
import dev.blip.core.transform.TransformSpec;

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
 * @param transforms     preprocessing, in order, with fitted parameters
 * @param calibration    raw score, threshold and score mapping
 * @param training       summary of the training data (series, buckets, time range, ...)
 * @param metrics        training metrics (losses, baseline comparisons, ...)
 */
public record BundleManifest(int formatVersion, String product, String productVersion, String modelVersion,
                             String createdAt, List<String> features, String bucketInterval, int windowStride,
                             ModelConfig model, List<TransformSpec> transforms, Calibration calibration,
                             Map<String, Object> training, Map<String, Object> metrics) {

    public static final int FORMAT_VERSION = 1;

    public BundleManifest withModelVersion(String version) {
        return new BundleManifest(formatVersion, product, productVersion, version, createdAt, features,
                bucketInterval, windowStride, model, transforms, calibration, training, metrics);
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
            if (model.features() != n) {
                problems.add("model.features: must equal the number of features (" + n + "), got " + model.features());
            }
        }
        problems.addAll(transformViolations(n));
        if (calibration == null) {
            problems.add("calibration: required");
        } else {
            problems.addAll(calibration.violations(n));
        }
        problems.addAll(FiniteValues.violations(calibration, transforms));
        return problems;
    }

    private List<String> transformViolations(int n) {
        List<String> problems = new ArrayList<>();
        if (transforms == null) {
            problems.add("transforms: required (may be empty)");
            return problems;
        }
        for (int i = 0; i < transforms.size(); i++) {
            TransformSpec t = transforms.get(i);
            if (t == null) {
                problems.add("transforms[" + i + "]: must not be null");
                continue;
            }
            for (String v : t.violations(n)) {
                problems.add("transforms[" + i + "]." + v);
            }
            if (t.kind() != null && !t.fitted()) {
                problems.add("transforms[" + i + "]: " + t.kind() + " has no fitted center/scale");
            }
        }
        return problems;
    }
}
