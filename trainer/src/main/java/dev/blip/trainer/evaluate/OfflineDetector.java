package dev.blip.trainer.evaluate;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.score.WindowScore;
import dev.blip.core.window.Window;
import dev.blip.trainer.dataset.LoadedSeries;

import java.util.Arrays;
import java.util.List;

/**
 * Scores a whole series offline through exactly the streaming path: the bundle's
 * {@code WindowAssembler} yields the window ending at every bucket once the key is warm, and the
 * core {@code WindowScorer} scores them in batches. Each input row then takes the score of the
 * window that ends at its bucket.
 */
public final class OfflineDetector {

    private final ModelBundle bundle;

    public OfflineDetector(ModelBundle bundle) {
        this.bundle = bundle;
    }

    /** Window scores per bucket of the series (null where no window ends). */
    public WindowScore[] scoreBuckets(CountSeries series) {
        List<Window> windows = bundle.assembler().windows(series, 1);
        List<WindowScore> scores = bundle.newScorer().score(windows);
        WindowScore[] byBucket = new WindowScore[series.length()];
        long width = series.interval().millis();
        for (WindowScore s : scores) {
            byBucket[(int) ((s.endBucketStart() - series.startMillis()) / width)] = s;
        }
        return byBucket;
    }

    public Detection detect(LoadedSeries loaded) {
        WindowScore[] byBucket = scoreBuckets(loaded.series());
        int rows = loaded.rowBucket().length;
        double[] score = new double[rows];
        boolean[] anomaly = new boolean[rows];
        double[] expected = new double[rows];
        Arrays.fill(expected, Double.NaN);
        for (int i = 0; i < rows; i++) {
            WindowScore s = byBucket[loaded.rowBucket()[i]];
            if (s != null) {
                score[i] = s.anomalyScore();
                anomaly[i] = s.anomaly();
                expected[i] = s.lastExpected()[0];
            }
        }
        double threshold = bundle.manifest().calibration().anomalyScore(bundle.manifest().calibration().threshold());
        return new Detection(score, anomaly, expected, threshold);
    }
}
