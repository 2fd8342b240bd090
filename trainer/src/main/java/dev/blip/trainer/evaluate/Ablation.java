package dev.blip.trainer.evaluate;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Detector;
import dev.blip.core.detect.DetectorSpec;
import dev.blip.core.score.Calibration;
import dev.blip.core.score.CalibrationMethod;
import dev.blip.core.score.Calibrator;
import dev.blip.core.score.WindowScore;
import dev.blip.core.window.Window;
import dev.blip.trainer.dataset.LoadedSeries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each part of the detector is worth: the same trained model's scores, and a non-neural
 * raw error, run through the same per-key {@link Detector} with different signals switched on.
 * Every variant scores the same buckets of the same files, so their NAB scores compare directly.
 * <ul>
 *   <li>{@code full}: the model's raw error with likelihood, instantaneous and range signals (the default);</li>
 *   <li>{@code lstm-likelihood+instantaneous}: the same without the range signal;</li>
 *   <li>{@code lstm-instantaneous}: the model's error against its calibrated tail only (the LSTM alone);</li>
 *   <li>{@code range}: the range signal alone (no model);</li>
 *   <li>{@code zscore-full}, {@code zscore-likelihood+instantaneous}: the squared rolling z-score of the
 *       first difference over the previous {@code 32} buckets as the raw error, calibrated on the same
 *       training prefix, through the same signals.</li>
 * </ul>
 */
public final class Ablation {

    public static final List<String> VARIANTS = List.of("full", "lstm-likelihood+instantaneous", "lstm-instantaneous",
            "range", "zscore-full", "zscore-likelihood+instantaneous");
    private static final int Z_WINDOW = 32;

    private Ablation() {
    }

    /** Per variant, the combined anomaly score of every input row (0 before the key's first scored bucket). */
    public static Map<String, double[]> rowScores(ModelBundle bundle, LoadedSeries loaded, int trainRows) {
        CountSeries series = loaded.series();
        List<Window> windows = bundle.assembler().windows(series, 1);
        List<WindowScore> model = bundle.newScorer().score(windows);
        List<WindowScore> zscore = zScores(series, model, trainRows, loaded);
        DetectorSpec base = bundle.manifest().detector();
        int features = bundle.features().size();
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("full", rows(new Detector(base, features).run(model), loaded));
        out.put("lstm-likelihood+instantaneous", rows(new Detector(base.withSignals(true, true, false), features).run(model), loaded));
        out.put("lstm-instantaneous", rows(new Detector(base.withSignals(false, true, false), features).run(model), loaded));
        out.put("range", rows(new Detector(base.withSignals(false, false, true), features).run(model), loaded));
        out.put("zscore-full", rows(new Detector(base, features).run(zscore), loaded));
        out.put("zscore-likelihood+instantaneous", rows(new Detector(base.withSignals(true, true, false), features).run(zscore), loaded));
        return out;
    }

    private static double[] rows(List<BucketVerdict> verdicts, LoadedSeries loaded) {
        CountSeries s = loaded.series();
        double[] byBucket = new double[s.length()];
        for (BucketVerdict v : verdicts) {
            byBucket[(int) ((v.score().endBucketStart() - s.startMillis()) / s.interval().millis())] = v.anomalyScore();
        }
        double[] out = new double[loaded.rowBucket().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = byBucket[loaded.rowBucket()[i]];
        }
        return out;
    }

    /**
     * The model's scores with the raw error replaced by the squared rolling z-score of the first
     * difference of the first feature, and its tail calibrated on the training prefix's buckets.
     */
    static List<WindowScore> zScores(CountSeries series, List<WindowScore> model, int trainRows, LoadedSeries loaded) {
        int trainBuckets = loaded.rowBucket()[Math.min(trainRows, loaded.rowBucket().length) - 1] + 1;
        return zScores(series, model, trainBuckets);
    }

    /**
     * The model's scores with the raw error replaced by the squared rolling z-score of the first
     * difference of the first feature, its tail calibrated on the series' first {@code trainBuckets}.
     */
    public static List<WindowScore> zScores(CountSeries series, List<WindowScore> model, int trainBuckets) {
        double[] values = new double[series.length()];
        for (int t = 0; t < values.length; t++) {
            values[t] = series.values()[t][0];
        }
        double[] z = new ZScoreBaseline(Z_WINDOW, 0.995).zScores(values);
        List<double[]> prefix = new ArrayList<>();
        for (int t = Z_WINDOW + 1; t < trainBuckets; t++) {
            prefix.add(new double[] {Math.min(z[t], 1e6)});
        }
        if (prefix.size() < 2) {
            prefix.add(new double[] {0});
            prefix.add(new double[] {1});
        }
        Calibration c = Calibrator.fit(CalibrationMethod.QUANTILE, 0.995, prefix, 1, 1);
        List<WindowScore> out = new ArrayList<>(model.size());
        for (WindowScore s : model) {
            int t = (int) ((s.endBucketStart() - series.startMillis()) / series.interval().millis());
            double raw = Math.min(z[t], 1e6);
            raw = raw * raw;
            out.add(new WindowScore(s.key(), s.endBucketStart(), s.firstBucketStart(), raw, raw, c.anomalyScore(raw),
                    c.exceedance(raw), c.threshold(), c.isAnomaly(raw), s.featureError(), s.stepError(), s.actual(),
                    s.expected(), s.expectedLow(), s.expectedHigh()));
        }
        return out;
    }
}
