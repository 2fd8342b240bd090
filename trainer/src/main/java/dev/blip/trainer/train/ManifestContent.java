package dev.blip.trainer.train;

import dev.blip.core.Product;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.BundleManifest;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.score.Calibration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest's training summary and metrics. Only deterministic values go in (no durations,
 * no host names): the manifest is hashed into the model version, and the same data and seed
 * must give the same version.
 */
final class ManifestContent {

    private static final int MAX_KEYS_LISTED = 20;

    private ManifestContent() {
    }

    static BundleManifest build(TrainingData data, ModelConfig config, Calibration calibration, FitLoop.Outcome fit,
                                UnderfitCheck check, TrainOptions o, String createdAt) {
        CountSeries first = data.used().get(0);
        return new BundleManifest(BundleManifest.FORMAT_VERSION, Product.NAME, Product.VERSION, null, createdAt,
                first.features().names(), first.interval().toString(), o.stride(), config, data.preprocessing(),
                calibration, o.detector(), training(data, o), metrics(fit, check));
    }

    private static Map<String, Object> training(TrainingData data, TrainOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<CountSeries> used = data.used();
        long from = used.stream().mapToLong(CountSeries::startMillis).min().orElse(0);
        long to = used.stream().mapToLong(s -> s.bucketStart(s.length())).max().orElse(0);
        m.put("series", used.size());
        m.put("keys", used.stream().map(CountSeries::key).limit(MAX_KEYS_LISTED).toList());
        m.put("skippedSeries", data.skipped().size());
        m.put("buckets", used.stream().mapToLong(CountSeries::length).sum());
        m.put("from", Instant.ofEpochMilli(from).toString());
        m.put("to", Instant.ofEpochMilli(to).toString());
        m.put("trainingWindows", data.train().size());
        m.put("validationWindows", data.validation().size());
        if (data.sampled()) {
            // only when the budget cut something, so bundles of smaller histories keep their content hash
            m.put("trainingWindowsAvailable", data.trainAvailable());
            m.put("validationWindowsAvailable", data.validationAvailable());
            m.put("windowSampling", "budget " + o.maxWindows() + " training windows (validation a quarter of it),"
                    + " shared by " + WindowBudget.STRATA + " strata of series ranked by mean level, evenly spaced in time");
        }
        m.put("validationFraction", o.validationFraction());
        m.put("epochsMax", o.epochs());
        m.put("batchSize", o.batchSize());
        m.put("patience", o.patience());
        return m;
    }

    private static Map<String, Object> metrics(FitLoop.Outcome fit, UnderfitCheck check) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", fit.epochs().size());
        m.put("bestEpoch", fit.bestEpoch());
        m.put("trainLoss", fit.epochs().stream().map(EpochStats::trainLoss).toList());
        m.put("validationLoss", fit.epochs().stream().map(EpochStats::validationLoss).toList());
        m.put("newestBucketMse", check.modelMse());
        m.put("naiveLastValueMse", check.lastValueMse());
        m.put("naiveWindowMeanMse", check.meanMse());
        m.put("modelToNaiveRatio", check.modelMse() / check.bestNaive());
        m.put("underfitRatio", check.ratio());
        m.put("underfit", !check.passed());
        return m;
    }
}
