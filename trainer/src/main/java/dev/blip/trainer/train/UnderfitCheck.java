package dev.blip.trainer.train;

import dev.blip.core.window.Window;

import java.util.List;
import java.util.Locale;

/**
 * The classic LSTM-autoencoder failure is learning the average: the reconstruction is the window
 * mean and nothing is ever anomalous. This check compares the model's validation MSE with two
 * naive reconstructions of the same windows in transformed (differenced, normalised) space:
 * every window reconstructed as its own per-feature mean, and as all zeros. The model passes
 * when its MSE is at most {@code ratio} times the better of the two.
 *
 * @param modelMse   the model's validation MSE
 * @param meanMse    MSE of the "window mean" reconstruction
 * @param zerosMse   MSE of the "all zeros" reconstruction
 * @param ratio      required ratio (e.g. 0.9: at least 10 % better than the best naive one)
 */
public record UnderfitCheck(double modelMse, double meanMse, double zerosMse, double ratio) {

    public static UnderfitCheck of(double modelMse, List<Window> validation, double ratio) {
        double meanSum = 0;
        double zeroSum = 0;
        long n = 0;
        for (Window w : validation) {
            int len = w.length();
            for (int f = 0; f < w.features(); f++) {
                double mean = 0;
                for (int t = 0; t < len; t++) {
                    mean += w.value(f, t);
                }
                mean /= len;
                for (int t = 0; t < len; t++) {
                    double v = w.value(f, t);
                    meanSum += (v - mean) * (v - mean);
                    zeroSum += v * v;
                }
                n += len;
            }
        }
        return new UnderfitCheck(modelMse, meanSum / n, zeroSum / n, ratio);
    }

    public double bestNaive() {
        return Math.min(meanMse, zerosMse);
    }

    public boolean passed() {
        return modelMse <= ratio * bestNaive();
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s: validation MSE %.5g vs naive 'window mean' %.5g and 'all zeros' %.5g"
                        + " (must be <= %.2f x %.5g)%s", passed() ? "model beats naive reconstructions" : "UNDERFIT",
                modelMse, meanMse, zerosMse, ratio, bestNaive(),
                passed() ? "" : ": the model is not clearly better than a naive reconstruction (it probably learned the"
                        + " average); train longer, change the window/hidden size or transforms, or pass --allow-underfit");
    }
}
