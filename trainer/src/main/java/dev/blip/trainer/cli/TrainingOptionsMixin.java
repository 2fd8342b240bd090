package dev.blip.trainer.cli;

import dev.blip.core.score.CalibrationMethod;
import dev.blip.core.transform.TransformSpec;
import dev.blip.trainer.calibrate.CalibrationChoice;
import dev.blip.trainer.train.ProgressListener;
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

    @Option(names = "--transforms", description = "Comma list: difference, seasonal:LAG, zscore, robust, "
            + "ewm[:alpha[:warmup[:minScale]]]. Overrides --normaliser.")
    String transforms;

    @Option(names = "--normaliser", description = "Step after difference: per-key (EWM; default for events), "
            + "robust (default for series files), global (z-score) or none.")
    String normaliser;

    @Option(names = "--reverse", description = "Reconstruct windows in reverse time order (EncDec-AD).")
    boolean reverse;

    @Option(names = "--bidirectional", description = "Bidirectional encoder.")
    boolean bidirectional;

    @Option(names = "--allow-underfit", description = "Keep a model that does not beat naive reconstructions.")
    boolean allowUnderfit;

    @Option(names = "--underfit-ratio", defaultValue = "0.9",
            description = "Model validation MSE must be <= ratio x best naive MSE (default: ${DEFAULT-VALUE}).")
    double underfitRatio;

    @Option(names = {"-q", "--quiet"}, description = "No progress output (for CI).")
    boolean quiet;

    List<TransformSpec> transforms(boolean events) {
        if (transforms != null) {
            return TransformsOption.parse(transforms, window);
        }
        if (normaliser != null) {
            return TransformsOption.forNormaliser(normaliser, window);
        }
        return events ? TrainOptions.eventTransforms(window) : TrainOptions.seriesTransforms();
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
                .calibration(CalibrationChoice.of(calibration, calibrationParameter)).transforms(transforms(events))
                .patience(patience).reverse(reverse).bidirectional(bidirectional).allowUnderfit(allowUnderfit)
                .underfitRatio(underfitRatio).listener(listener).build();
    }
}
