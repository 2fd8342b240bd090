package dev.blip.trainer.export;

import dev.blip.core.bundle.BundleManifest;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.score.Calibration;
import dev.blip.core.transform.TransformSpec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A bundle manifest in human form, for {@code inspect} and the end of {@code train}. */
public final class ManifestPrinter {

    private ManifestPrinter() {
    }

    public static void print(BundleManifest m, PrintWriter out) {
        out.printf("model        %s%n", m.modelVersion());
        out.printf("product      %s %s (bundle format %d)%n", m.product(), m.productVersion(), m.formatVersion());
        out.printf("created      %s%n", m.createdAt());
        out.printf("features     %s%n", String.join(", ", m.features()));
        out.printf("bucket       %s, window %d, training stride %d%n", m.bucketInterval(), m.model().windowLength(),
                m.windowStride());
        printModel(m.model(), out);
        out.printf("stabiliser   %s%n", m.preprocessing().stabiliser().name().toLowerCase(Locale.ROOT));
        for (var c : m.preprocessing().channels()) {
            out.println("channel      " + c.name());
            for (TransformSpec t : c.transforms()) {
                out.println("  - " + describe(t));
            }
        }
        printCalibration(m, out);
        var d = m.detector();
        out.printf(Locale.ROOT, "detector     signals%s%s%s, threshold %s, episode closes after %d quiet buckets%s,"
                        + " likelihood learns %d buckets%n", d.useLikelihood() ? " likelihood" : "",
                d.useInstantaneous() ? " instantaneous" : "", d.useRange() ? " range" : "", d.threshold(),
                d.quietBuckets(), d.holdSilence() ? " (held open while silent)" : "", d.learningBuckets());
        printMap("training", m.training(), out);
        printMap("metrics", m.metrics(), out);
        out.flush();
    }

    private static void printModel(ModelConfig c, PrintWriter out) {
        out.printf(Locale.ROOT, "network      LSTM autoencoder, encoder %s, latent %d%s%s, lr %s, clip %s, seed %d%n",
                c.hidden(), c.latentSize(), c.reverseOrder() ? ", reverse order" : "",
                c.bidirectional() ? ", bidirectional" : "", c.learningRate(), c.gradientClip(), c.seed());
    }

    public static void printCalibration(BundleManifest m, PrintWriter out) {
        Calibration c = m.calibration();
        out.printf(Locale.ROOT, "calibration  %s (parameter %s) of the %s error on %d validation windows: threshold %.6g"
                        + " (anomaly score %.4f)%n", c.method().name().toLowerCase(Locale.ROOT), c.parameter(),
                c.scope().name().toLowerCase(Locale.ROOT), c.validationWindows(), c.threshold(), c.anomalyScore(c.threshold()));
        out.flush();
    }

    static String describe(TransformSpec t) {
        return switch (t.kind()) {
            case DIFFERENCE -> "difference (lag 1)";
            case SEASONAL_DIFFERENCE -> "seasonal difference (lag " + t.lag() + ")";
            case EWM -> String.format(Locale.ROOT, "per-key EWM normaliser (alpha %s, warm-up %d, min scale %s)",
                    t.alpha(), t.warmup(), t.minScale());
            case ZSCORE, ROBUST -> String.format(Locale.ROOT, "global %s normaliser, center %s, scale %s",
                    t.kind().name().toLowerCase(Locale.ROOT), round(t.center()), round(t.scale()));
        };
    }

    private static String round(double[] v) {
        return Arrays.toString(Arrays.stream(v).map(x -> Math.round(x * 1e6) / 1e6).toArray());
    }

    private static void printMap(String title, Map<String, Object> map, PrintWriter out) {
        if (map == null || map.isEmpty()) {
            return;
        }
        out.println(title);
        map.forEach((k, v) -> out.printf(Locale.ROOT, "  %-20s %s%n", k, v instanceof List<?> l ? shortList(l) : v));
    }

    private static String shortList(List<?> l) {
        List<String> s = l.stream().map(x -> x instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(x)).toList();
        return "[" + String.join(", ", s) + "]";
    }
}
