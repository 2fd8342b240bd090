package dev.blip.trainer.train;

import dev.blip.core.detect.DetectorSpec;
import dev.blip.core.model.train.TrainingEngine;
import dev.blip.core.score.ErrorScope;
import dev.blip.core.transform.Preprocessing;
import dev.blip.core.transform.Stabiliser;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.transform.TransformSpec;
import dev.blip.trainer.calibrate.CalibrationChoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link Trainer#train} needs besides the data. Build with {@link #builder()}; the
 * defaults are the ones documented in {@code docs/trainer.md}.
 *
 * @param bucket             expected bucket interval of the series (null: take it from the series)
 * @param windowLength       time steps per window (T)
 * @param stride             every stride-th training window is used (validation uses every window)
 * @param hidden             encoder LSTM sizes, outermost first
 * @param epochs             maximum epochs
 * @param batchSize          windows per mini-batch
 * @param learningRate       Adam learning rate
 * @param seed               weight initialisation and shuffling seed
 * @param validationFraction last fraction of every series held out for validation and calibration
 * @param calibration        threshold rule and parameter
 * @param preprocessing      stabiliser and channel groups, unfitted (global normalisers are fitted on training data)
 * @param maskNewest         newest steps hidden from the model's input (it predicts them from the rest)
 * @param scope              which steps' errors make the raw score
 * @param detector           per-key post-processing (signals, threshold, episodes)
 * @param bandQuantile       central share of validation errors the expected band covers
 * @param patience           epochs without validation improvement before stopping
 * @param reverse            reconstruct in reverse time order (EncDec-AD)
 * @param bidirectional      bidirectional encoder
 * @param allowUnderfit      return an underfit model instead of failing
 * @param underfitRatio      the model's newest-bucket error must be at most this times the best naive predictor's
 * @param minTrainingWindows fewest training windows a series must give to be used
 * @param maxWindows         training windows budget: beyond it each series keeps its share (stratified by
 *                           level, evenly spaced in time); validation keeps at most a quarter of it
 * @param engine             training path: the fast trainer when it supports the model (AUTO) or always DL4J
 * @param listener           progress callbacks
 */
public record TrainOptions(BucketInterval bucket, int windowLength, int stride, List<Integer> hidden, int epochs,
                           int batchSize, double learningRate, long seed, double validationFraction,
                           CalibrationChoice calibration, Preprocessing preprocessing, int patience, boolean reverse,
                           boolean bidirectional, boolean allowUnderfit, double underfitRatio, int minTrainingWindows,
                           int maskNewest, ErrorScope scope, DetectorSpec detector, double bandQuantile,
                           int maxWindows, TrainingEngine engine, ProgressListener listener) {

    /** Smoothing of the per-key level normaliser: about an hour of 1-minute buckets. */
    public static final double LEVEL_ALPHA = 0.02;

    /** EWM scale floor for gauges after robust scaling: 5 % of the training spread. */
    public static final double GAUGE_MIN_SCALE = 0.05;

    public TrainOptions {
        hidden = List.copyOf(hidden);
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(engine, "engine");
        listener = listener == null ? ProgressListener.NONE : listener;
    }

    /** Default difference channel for event counts: difference, then per-key EWM with warm-up of one window. */
    public static List<TransformSpec> eventTransforms(int windowLength) {
        return List.of(TransformSpec.difference(), TransformSpec.ewm(0.05, windowLength, 1.0));
    }

    /** Default level channel for event counts: per-key EWM (slower) with warm-up of one window. */
    public static List<TransformSpec> eventLevelTransforms(int windowLength) {
        return List.of(TransformSpec.ewm(LEVEL_ALPHA, windowLength, 1.0));
    }

    /**
     * Default difference channel for series files: difference, global median/IQR fitted on training
     * data (units of the training spread), then per-key EWM so the channel follows a drifting gauge.
     */
    public static List<TransformSpec> seriesTransforms(int windowLength) {
        return List.of(TransformSpec.difference(), TransformSpec.robust(), TransformSpec.ewm(0.05, windowLength, GAUGE_MIN_SCALE));
    }

    /** Default level channel for series files: global median/IQR, then per-key EWM (slower). */
    public static List<TransformSpec> seriesLevelTransforms(int windowLength) {
        return List.of(TransformSpec.robust(), TransformSpec.ewm(LEVEL_ALPHA, windowLength, GAUGE_MIN_SCALE));
    }

    /**
     * Default for event counts: Anscombe's square root (Poisson noise of unit scale at every level),
     * then a per-key normalised level channel and a per-key normalised difference channel.
     */
    public static Preprocessing eventPreprocessing(int windowLength) {
        return Preprocessing.levelAndDifference(Stabiliser.ANSCOMBE, eventLevelTransforms(windowLength),
                eventTransforms(windowLength));
    }

    /**
     * Default for series files (gauges): no stabiliser; level and difference channels scaled by the
     * training spread, then normalised per key. Without the per-key step a gauge that drifts past its
     * training range (most NAB series do) puts every later bucket far outside what the model saw,
     * and its error stays saturated (measured: NAB score 0 instead of 55 on an 8-file sample).
     */
    public static Preprocessing seriesPreprocessing(int windowLength) {
        return Preprocessing.levelAndDifference(Stabiliser.NONE, seriesLevelTransforms(windowLength), seriesTransforms(windowLength));
    }

    /** Every rule the options break, each naming the option, the bound and the value. */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        check(out, windowLength >= 2 && windowLength <= 4096, "window: must be in [2, 4096], got " + windowLength);
        check(out, stride >= 1, "stride: must be >= 1, got " + stride);
        check(out, !hidden.isEmpty() && hidden.size() <= 4 && hidden.stream().allMatch(h -> h >= 1 && h <= 4096),
                "hidden: 1 to 4 sizes in [1, 4096], got " + hidden);
        check(out, epochs >= 1, "epochs: must be >= 1, got " + epochs);
        check(out, batchSize >= 1, "batch-size: must be >= 1, got " + batchSize);
        check(out, learningRate > 0 && learningRate < 1, "learning-rate: must be in (0, 1), got " + learningRate);
        check(out, validationFraction > 0 && validationFraction < 1,
                "validation-fraction: must be in (0, 1), got " + validationFraction);
        check(out, patience >= 1, "patience: must be >= 1, got " + patience);
        check(out, underfitRatio > 0, "underfit-ratio: must be > 0, got " + underfitRatio);
        check(out, minTrainingWindows >= 1, "min-training-windows: must be >= 1, got " + minTrainingWindows);
        check(out, maskNewest >= 0 && maskNewest < windowLength, "mask-newest: must be in [0, window), got " + maskNewest);
        check(out, bandQuantile > 0 && bandQuantile < 1, "band-quantile: must be in (0, 1), got " + bandQuantile);
        check(out, maxWindows >= 1000 && maxWindows <= 100_000_000,
                "max-windows: must be in [1000, 100000000], got " + maxWindows);
        out.addAll(preprocessing.violations(1).stream().filter(v -> !v.contains("values")).toList());
        out.addAll(detector.violations());
        return out;
    }

    private static void check(List<String> out, boolean ok, String message) {
        if (!ok) {
            out.add(message);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bucket = bucket;
        b.windowLength = windowLength;
        b.stride = stride;
        b.hidden = hidden;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.seed = seed;
        b.validationFraction = validationFraction;
        b.calibration = calibration;
        b.preprocessing = preprocessing;
        b.maskNewest = maskNewest;
        b.scope = scope;
        b.detector = detector;
        b.bandQuantile = bandQuantile;
        b.patience = patience;
        b.reverse = reverse;
        b.bidirectional = bidirectional;
        b.allowUnderfit = allowUnderfit;
        b.underfitRatio = underfitRatio;
        b.minTrainingWindows = minTrainingWindows;
        b.maxWindows = maxWindows;
        b.engine = engine;
        b.listener = listener;
        return b;
    }

    /** Mutable builder with the documented defaults. */
    public static final class Builder {
        private BucketInterval bucket;
        private int windowLength = 32;
        private int stride = 1;
        private List<Integer> hidden = List.of(32);
        private int epochs = 20;
        private int batchSize = 64;
        private double learningRate = 1e-3;
        private long seed = 42L;
        private double validationFraction = 0.2;
        private CalibrationChoice calibration = CalibrationChoice.defaults();
        private Preprocessing preprocessing;
        private int maskNewest = 1;
        private ErrorScope scope = ErrorScope.NEWEST;
        private DetectorSpec detector;
        private double bandQuantile = 0.99;
        private int patience = 3;
        private boolean reverse;
        private boolean bidirectional;
        private boolean allowUnderfit;
        private double underfitRatio = 1.05;
        private int minTrainingWindows = 8;
        private int maxWindows = 50_000;
        private TrainingEngine engine = TrainingEngine.AUTO;
        private ProgressListener listener = ProgressListener.NONE;

        public Builder bucket(BucketInterval v) { bucket = v; return this; }
        public Builder windowLength(int v) { windowLength = v; return this; }
        public Builder stride(int v) { stride = v; return this; }
        public Builder hidden(List<Integer> v) { hidden = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder calibration(CalibrationChoice v) { calibration = v; return this; }
        /** Null selects {@link #eventPreprocessing(int)}. */
        public Builder preprocessing(Preprocessing v) { preprocessing = v; return this; }
        public Builder maskNewest(int v) { maskNewest = v; return this; }
        public Builder scope(ErrorScope v) { scope = v; return this; }
        /**
         * Null selects {@link DetectorSpec#defaults()} with episodes closing after one window of normal
         * buckets (until then the anomalous buckets are still in the model's context).
         */
        public Builder detector(DetectorSpec v) { detector = v; return this; }
        public Builder bandQuantile(double v) { bandQuantile = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder reverse(boolean v) { reverse = v; return this; }
        public Builder bidirectional(boolean v) { bidirectional = v; return this; }
        public Builder allowUnderfit(boolean v) { allowUnderfit = v; return this; }
        public Builder underfitRatio(double v) { underfitRatio = v; return this; }
        public Builder minTrainingWindows(int v) { minTrainingWindows = v; return this; }
        public Builder maxWindows(int v) { maxWindows = v; return this; }
        public Builder engine(TrainingEngine v) { engine = v; return this; }
        public Builder listener(ProgressListener v) { listener = v; return this; }

        public TrainOptions build() {
            return new TrainOptions(bucket, windowLength, stride, hidden, epochs, batchSize, learningRate, seed,
                    validationFraction, calibration, preprocessing == null ? eventPreprocessing(windowLength) : preprocessing,
                    patience, reverse, bidirectional, allowUnderfit, underfitRatio, minTrainingWindows, maskNewest, scope,
                    detector == null ? DetectorSpec.defaults().withQuietBuckets(windowLength) : detector, bandQuantile,
                    maxWindows, engine, listener);
        }
    }
}
