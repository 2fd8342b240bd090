package dev.blip.scorer.testing;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTime;

import java.util.ArrayList;
import java.util.List;

/** Extra quickly trained bundles for model-swap and multivariate tests (cached per JVM). */
public final class Bundles {

    private static ModelBundle sameShape;
    private static ModelBundle shortWindow;
    private static ModelBundle otherInterval;
    private static ModelBundle multivariate;

    private Bundles() {
    }

    static List<CountSeries> traffic(String interval, int buckets, long seed) {
        return new SyntheticTraffic(3, buckets, BucketInterval.parse(interval), TestTime.START, 5, 200, 48, 0, buckets, seed)
                .generate().series();
    }

    /** Like {@link TestBundles#small()} (5m, window 12, same transforms) but other weights. */
    public static synchronized ModelBundle sameShape() {
        if (sameShape == null) {
            sameShape = TestBundles.train(traffic("5m", 200, 21L), TestBundles.eventPreprocessing(),
                    ModelConfig.defaults(1, 12).withHidden(List.of(8)), 2, 0.99);
        }
        return sameShape;
    }

    /** 5m but window 8: per-key states of the small bundle do not fit it. */
    public static synchronized ModelBundle shortWindow() {
        if (shortWindow == null) {
            shortWindow = TestBundles.train(traffic("5m", 200, 22L), TestBundles.eventPreprocessing(),
                    ModelConfig.defaults(1, 8).withHidden(List.of(8)), 2, 0.99);
        }
        return shortWindow;
    }

    /** A 1-minute bundle: cannot replace a 5-minute one while running. */
    public static synchronized ModelBundle otherInterval() {
        if (otherInterval == null) {
            otherInterval = TestBundles.train(traffic("1m", 120, 23L), TestBundles.eventPreprocessing(),
                    ModelConfig.defaults(1, 8).withHidden(List.of(4)), 1, 0.99);
        }
        return otherInterval;
    }

    /** Series with features total, a, b: 60 % of events are a, 30 % b, the rest an unmodelled category. */
    public static List<CountSeries> multivariateSeries(int buckets, long seed) {
        List<CountSeries> out = new ArrayList<>();
        for (CountSeries s : traffic("5m", buckets, seed)) {
            double[][] v = new double[s.length()][3];
            for (int t = 0; t < s.length(); t++) {
                double x = s.values()[t][0];
                v[t][0] = x;
                v[t][1] = Math.round(0.6 * x);
                v[t][2] = Math.round(0.3 * x);
            }
            out.add(new CountSeries(s.key(), s.interval(), s.startMillis(), FeatureSpec.forEvents(List.of("a", "b")), v));
        }
        return out;
    }

    public static synchronized ModelBundle multivariate() {
        if (multivariate == null) {
            multivariate = TestBundles.train(multivariateSeries(300, 24L), TestBundles.eventPreprocessing(),
                    ModelConfig.defaults(3, 12).withHidden(List.of(16)), 4, 0.995);
        }
        return multivariate;
    }
}
