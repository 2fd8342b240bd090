package dev.blip.trainer.train;

import dev.blip.core.model.ReconstructionModel;
import dev.blip.core.model.WindowTensors;
import dev.blip.core.window.Window;

import java.util.List;
import java.util.Locale;

/**
 * Does the model predict the newest bucket better than a person's naive guess? The raw score is
 * the newest bucket's error, so that is what the model must be good at. On the validation windows
 * this compares, on the first channel group (the level channel by default) of every feature, the
 * model's squared error at the newest step with two naive predictors of it from the rest of the
 * window: the <em>last value</em> (the bucket before) and the <em>window mean</em> (of the earlier
 * buckets). The model passes when its error is at most {@code ratio} times the better of the two.
 * (A model that sees the newest bucket, {@code maskNewest = 0}, can copy it and passes trivially.)
 *
 * @param modelMse     the model's newest-bucket MSE
 * @param lastValueMse MSE of the "last value" predictor
 * @param meanMse      MSE of the "window mean" predictor
 * @param ratio        required ratio (1.05: within 5 % of the better naive predictor, or better)
 */
public record UnderfitCheck(double modelMse, double lastValueMse, double meanMse, double ratio) {

    public static UnderfitCheck of(ReconstructionModel model, List<Window> validation, double ratio) {
        double modelSum = 0;
        double lastSum = 0;
        double meanSum = 0;
        long n = 0;
        int batch = 1024;
        for (int from = 0; from < validation.size(); from += batch) {
            List<Window> part = validation.subList(from, Math.min(validation.size(), from + batch));
            float[] recon = model.reconstruct(WindowTensors.masked(part, model.config().maskNewest()), part.size());
            for (int i = 0; i < part.size(); i++) {
                Window w = part.get(i);
                int len = w.length();
                int base = i * w.features() * len;
                for (int f = 0; f < w.countFeatures(); f++) {
                    double actual = w.value(f, len - 1);
                    double mean = 0;
                    for (int t = 0; t < len - 1; t++) {
                        mean += w.value(f, t);
                    }
                    mean /= len - 1;
                    modelSum += sq(actual - recon[base + f * len + len - 1]);
                    lastSum += sq(actual - w.value(f, len - 2));
                    meanSum += sq(actual - mean);
                    n++;
                }
            }
        }
        return new UnderfitCheck(modelSum / n, lastSum / n, meanSum / n, ratio);
    }

    private static double sq(double v) {
        return v * v;
    }

    public double bestNaive() {
        return Math.min(lastValueMse, meanMse);
    }

    public boolean passed() {
        return modelMse <= ratio * bestNaive();
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s: newest-bucket MSE %.5g vs naive 'last value' %.5g and 'window mean' %.5g"
                        + " (must be <= %.2f x %.5g)%s", passed() ? "model beats naive predictors" : "UNDERFIT",
                modelMse, lastValueMse, meanMse, ratio, bestNaive(),
                passed() ? "" : ": the model predicts the newest bucket no better than a naive guess; train longer,"
                        + " change the window/hidden size or the channels, or pass --allow-underfit");
    }
}
