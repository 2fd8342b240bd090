package dev.blip.trainer.evaluate;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.score.WindowScore;
import dev.blip.core.window.Window;
import dev.blip.trainer.dataset.LoadedSeries;

import java.util.List;

/**
 * Scores a whole series offline through exactly the streaming path: the bundle's
 * {@code WindowAssembler} yields the window ending at every bucket once the key is warm, the core
 * {@code WindowScorer} scores them in batches, and the bundle's {@code Detector} turns the scores
 * into verdicts and episodes in bucket order from a fresh key state, as the scorer does for a new
 * key. Each input row then takes the verdict of its bucket.
 */
public final class OfflineDetector {

    private final ModelBundle bundle;

    public OfflineDetector(ModelBundle bundle) {
        this.bundle = bundle;
    }

    /** Verdicts per bucket of the series (null where the key is still warming up). */
    public BucketVerdict[] verdicts(CountSeries series) {
        List<Window> windows = bundle.assembler().windows(series, 1);
        List<WindowScore> scores = bundle.newScorer().score(windows);
        List<BucketVerdict> verdicts = bundle.detector().run(scores);
        BucketVerdict[] byBucket = new BucketVerdict[series.length()];
        long width = series.interval().millis();
        for (BucketVerdict v : verdicts) {
            byBucket[(int) ((v.score().endBucketStart() - series.startMillis()) / width)] = v;
        }
        return byBucket;
    }

    public Detection detect(LoadedSeries loaded) {
        BucketVerdict[] byBucket = verdicts(loaded.series());
        int rows = loaded.rowBucket().length;
        Detection d = Detection.empty(rows, bundle.manifest().detector().threshold());
        for (int i = 0; i < rows; i++) {
            BucketVerdict v = byBucket[loaded.rowBucket()[i]];
            if (v == null) {
                continue;
            }
            WindowScore s = v.score();
            d.score()[i] = v.anomalyScore();
            d.anomaly()[i] = v.anomaly();
            d.expected()[i] = s.lastExpected()[0];
            d.expectedLow()[i] = s.expectedLow() == null ? Double.NaN : s.expectedLow()[0];
            d.expectedHigh()[i] = s.expectedHigh() == null ? Double.NaN : s.expectedHigh()[0];
            d.rawError()[i] = s.rawScore();
            d.likelihood()[i] = v.likelihood();
            d.instantaneous()[i] = v.instantaneous();
            d.reasons()[i] = String.join("|", v.reasons());
            if (v.episode() != null && (i == 0 || loaded.rowBucket()[i - 1] != loaded.rowBucket()[i])) {
                d.episode()[i] = v.episode().open() ? "open" : "closed";
            }
        }
        return d;
    }
}
