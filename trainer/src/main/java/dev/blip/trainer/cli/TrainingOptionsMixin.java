package dev.blip.trainer.cli;

import dev.blip.core.detect.DetectorSpec;
import dev.blip.core.score.ErrorScope;
import dev.blip.core.transform.ChannelSpec;
import dev.blip.core.transform.Preprocessing;
import dev.blip.core.transform.Stabiliser;
import java.util.Locale;

import dev.blip.core.score.CalibrationMethod;
import dev.blip.core.transform.TransformSpec;
import dev.blip.trainer.calibrate.CalibrationChoice;
import dev.blip.trainer.train.ProgressListener;
import dev.blip.core.model.train.TrainingEngine;
import dev.blip.trainer.train.TrainOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Model and training options shared by {@code train} and {@code detect --train-fraction}. */
final class TrainingOptionsMixin {

    @Option(names = "--window", defaultValue = "32", description = "Window length T in buckets (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--stride", defaultValue = "1", description = "Use every n-th training window (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--max-windows", defaultValue = "50000",
            description = "Training windows budget: with more, each series keeps its share (series ranked by mean level in 4"
                    + " strata sharing the budget equally, windows evenly spaced in time); validation keeps at most a"
                    + " quarter of it (default: ${DEFAULT-VALUE}).")
    int maxWindows;

    @Option(names = "--hidden", split = ",", defaultValue = "32",
            description = "Encoder LSTM size(s), outermost first, e.g. 64,32 (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--layers", description = "Number of encoder layers; repeats a single --hidden size.")
    Integer layers;

    @Option(names = "--epochs", defaultValue = "20", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Windows per mini-batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-fraction", defaultValue = "0.2",
            description = "Last fraction of each series used for validation and calibration (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--patience", defaultValue = "3",
            description = "Epochs without validation improvement before stopping (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--calibration", defaultValue = "quantile",
            description = "Threshold rule: quantile, sigma or mahalanobis (default: ${DEFAULT-VALUE}).")
    CalibrationMethod calibration;

    @Option(names = "--calibration-parameter",
            description = "Quantile for quantile/mahalanobis (default 0.995), k for sigma (default 4).")
    Double calibrationParameter;

    @Option(names = "--transforms", description = "Difference channel, comma list: difference, seasonal:LAG, zscore, "
            + "robust, ewm[:alpha[:warmup[:minScale]]]. Overrides --normaliser for that channel.")
    String transforms;

    @Option(names = "--level-transforms", description = "Level channel, same syntax as --transforms (e.g. ewm:0.02). "
            + "Overrides --normaliser for that channel.")
    String levelTransforms;

    @Option(names = "--normaliser", description = "Normaliser of both channels: per-key (EWM; default for events), "
            + "robust (default for series files), global (z-score) or none.")
    String normaliser;

    @Option(names = "--channels", split = ",", defaultValue = "level,difference",
            description = "Channel groups the model sees, in order: level, difference (default: ${DEFAULT-VALUE}).")
    List<String> channels;

    @Option(names = "--stabiliser", defaultValue = "auto",
            description = "Variance stabiliser: anscombe (square root, for counts), none (gauges), or auto: anscombe "
                    + "for events, none for series files (default: ${DEFAULT-VALUE}).")
    String stabiliser;

    @Option(names = "--mask-newest", defaultValue = "1",
            description = "Newest buckets hidden from the model, which predicts them from the rest of the window; "
                    + "0 = plain autoencoder (default: ${DEFAULT-VALUE}).")
    int maskNewest;

    @Option(names = "--error-scope", defaultValue = "newest",
            description = "Raw score: the newest bucket's error (newest) or the whole window's (window) (default: ${DEFAULT-VALUE}).")
    String errorScope;

    @Option(names = "--signals", split = ",", defaultValue = "likelihood,instantaneous,range",
            description = "Per-key signals combined into the anomaly score (default: ${DEFAULT-VALUE}).")
    List<String> signals;

    @Option(names = "--threshold",
            description = "Anomaly score from which a bucket is anomalous; 0.5 is a one-in-100,000 tail "
                    + "(default: 0.5 for events, 0.95 for series files).")
    Double threshold;

    @Option(names = "--quiet-buckets",
            description = "Normal buckets after which an open episode closes (default: the window length, so an"
                    + " episode closes once its anomalous buckets have left the model's context).")
    Integer quietBuckets;

    @Option(names = "--range-margin",
            description = "Share of a key's seen range a value must exceed it by to fire the range signal "
                    + "(default: 0.1 for events, 0.05 for series files).")
    Double rangeMargin;

    @Option(names = "--likelihood-learning", defaultValue = "288",
            description = "Scored buckets of a key before its likelihood signal speaks (default: ${DEFAULT-VALUE}).")
    int likelihoodLearning;

    @Option(names = "--reverse", description = "Reconstruct windows in reverse time order (EncDec-AD).")
    boolean reverse;

    @Option(names = "--bidirectional", description = "Bidirectional encoder.")
    boolean bidirectional;

    @Option(names = "--allow-underfit", description = "Keep a model that does not beat naive reconstructions.")
    boolean allowUnderfit;

    @Option(names = "--underfit-ratio", defaultValue = "1.05",
            description = "Newest-bucket MSE must be <= ratio x the best naive predictor's (last value, window mean)"
                    + " (default: ${DEFAULT-VALUE}).")
    double underfitRatio;

    @Option(names = "--training-engine", defaultValue = "auto",
            description = "auto: blip's own training pass when it supports the model (not --bidirectional), else DL4J's fit"
                    + " (logged); dl4j: always DL4J's fit (default: ${DEFAULT-VALUE}).")
    String trainingEngine;

    @Option(names = {"-q", "--quiet"}, description = "No progress output (for CI).")
    boolean quiet;

    List<TransformSpec> transforms(boolean events) {
        if (transforms != null) {
            return TransformsOption.parse(transforms, window);
        }
        if (normaliser != null) {
            return TransformsOption.forNormaliser(normaliser, window);
        }
        return events ? TrainOptions.eventTransforms(window) : TrainOptions.seriesTransforms(window);
    }

    List<TransformSpec> levelTransforms(boolean events) {
        if (levelTransforms != null) {
            return TransformsOption.parse(levelTransforms, window);
        }
        if (normaliser != null) {
            return TransformsOption.levelForNormaliser(normaliser, window);
        }
        return events ? TrainOptions.eventLevelTransforms(window) : TrainOptions.seriesLevelTransforms(window);
    }

    Preprocessing preprocessing(boolean events) {
        Stabiliser stab = switch (stabiliser.toLowerCase(Locale.ROOT)) {
            case "auto" -> events ? Stabiliser.ANSCOMBE : Stabiliser.NONE;
            case "anscombe", "sqrt" -> Stabiliser.ANSCOMBE;
            case "none" -> Stabiliser.NONE;
            default -> throw new IllegalArgumentException("--stabiliser: must be auto, anscombe or none, got '" + stabiliser + "'");
        };
        List<ChannelSpec> groups = new ArrayList<>();
        for (String c : channels) {
            groups.add(switch (c.trim().toLowerCase(Locale.ROOT)) {
                case "level" -> new ChannelSpec(Preprocessing.LEVEL, levelTransforms(events));
                case "difference", "diff" -> new ChannelSpec(Preprocessing.DIFFERENCE, transforms(events));
                default -> throw new IllegalArgumentException("--channels: each must be level or difference, got '" + c + "'");
            });
        }
        return new Preprocessing(stab, groups);
    }

    DetectorSpec detector(boolean events) {
        boolean likelihood = false;
        boolean instantaneous = false;
        boolean range = false;
        for (String s : signals) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "likelihood" -> likelihood = true;
                case "instantaneous" -> instantaneous = true;
                case "range" -> range = true;
                default -> throw new IllegalArgumentException("--signals: each must be likelihood, instantaneous or range, got '"
                        + s + "'");
            }
        }
        DetectorSpec base = events ? DetectorSpec.defaults() : DetectorSpec.gaugeDefaults();
        if (rangeMargin != null) {
            base = base.withRangeMargin(rangeMargin);
        }
        if (threshold != null) {
            base = base.withThreshold(threshold);
        }
        return base.withSignals(likelihood, instantaneous, range)
                .withQuietBuckets(quietBuckets != null ? quietBuckets : window).withLearningBuckets(likelihoodLearning);
    }

    ErrorScope scope() {
        return switch (errorScope.toLowerCase(Locale.ROOT)) {
            case "newest" -> ErrorScope.NEWEST;
            case "window" -> ErrorScope.WINDOW;
            default -> throw new IllegalArgumentException("--error-scope: must be newest or window, got '" + errorScope + "'");
        };
    }

    List<Integer> hiddenSizes() {
        if (layers == null) {
            return hidden;
        }
        if (hidden.size() != 1 || layers < 1) {
            throw new IllegalArgumentException("--layers: give one --hidden size to repeat and layers >= 1, got hidden "
                    + hidden + " and layers " + layers);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            out.add(hidden.get(0));
        }
        return out;
    }

    TrainOptions toOptions(boolean events, ProgressListener listener) {
        return TrainOptions.builder().windowLength(window).stride(stride).hidden(hiddenSizes()).epochs(epochs)
                .batchSize(batchSize).learningRate(learningRate).seed(seed).validationFraction(validationFraction)
                .calibration(CalibrationChoice.of(calibration, calibrationParameter)).preprocessing(preprocessing(events))
                .maskNewest(maskNewest).scope(scope()).detector(detector(events))
                .patience(patience).reverse(reverse).bidirectional(bidirectional).allowUnderfit(allowUnderfit)
                .underfitRatio(underfitRatio).maxWindows(maxWindows).engine(TrainingEngine.parse(trainingEngine))
                .listener(listener).build();
    }
}
