package dev.blip.core.score;

import dev.blip.core.model.ReconstructionModel;
import dev.blip.core.model.WindowTensors;
import dev.blip.core.window.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores windows through a model in batches and applies the calibration. This is the only
 * scoring code: the trainer's {@code detect}, its evaluation and the streaming scorer all call
 * {@link #score(List)}.
 */
public final class WindowScorer {

    /** Largest batch handed to the model at once; bounds the memory of one call. */
    public static final int DEFAULT_MAX_BATCH = 1024;

    private final ReconstructionModel model;
    private final Calibration calibration;
    private final int maxBatch;

    public WindowScorer(ReconstructionModel model, Calibration calibration) {
        this(model, calibration, DEFAULT_MAX_BATCH);
    }

    public WindowScorer(ReconstructionModel model, Calibration calibration, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        this.model = model;
        this.calibration = calibration;
        this.maxBatch = maxBatch;
    }

    public ReconstructionModel model() {
        return model;
    }

    public Calibration calibration() {
        return calibration;
    }

    /** Scores every window, in order, with one model call per {@code maxBatch} windows. */
    public List<WindowScore> score(List<Window> windows) {
        List<WindowScore> out = new ArrayList<>(windows.size());
        for (int from = 0; from < windows.size(); from += maxBatch) {
            List<Window> batch = windows.subList(from, Math.min(windows.size(), from + maxBatch));
            float[] recon = model.reconstruct(WindowTensors.flat(batch), batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(scoreOne(batch.get(i), recon, i));
            }
        }
        return out;
    }

    /** Signed errors {@code x - x_hat} of every window, for calibration. */
    public List<double[]> signedErrors(List<Window> windows) {
        List<double[]> out = new ArrayList<>(windows.size());
        for (int from = 0; from < windows.size(); from += maxBatch) {
            List<Window> batch = windows.subList(from, Math.min(windows.size(), from + maxBatch));
            float[] recon = model.reconstruct(WindowTensors.flat(batch), batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(signedError(batch.get(i), recon, i));
            }
        }
        return out;
    }

    private static double[] signedError(Window w, float[] recon, int index) {
        int size = w.features() * w.length();
        double[] e = new double[size];
        float[] x = w.input();
        for (int k = 0; k < size; k++) {
            e[k] = (double) x[k] - recon[index * size + k];
        }
        return e;
    }

    private WindowScore scoreOne(Window w, float[] recon, int index) {
        int f = w.features();
        int len = w.length();
        double[] e = signedError(w, recon, index);
        double[] featureError = new double[f];
        double[] stepError = new double[len];
        double[][] expected = new double[len][f];
        double sum = 0;
        int base = index * f * len;
        for (int j = 0; j < f; j++) {
            for (int t = 0; t < len; t++) {
                double sq = e[j * len + t] * e[j * len + t];
                featureError[j] += sq / len;
                stepError[t] += sq / f;
                sum += sq;
                expected[t][j] = w.toCount(t, j, recon[base + j * len + t]);
            }
        }
        double raw = calibration.rawScore(e, f, len);
        return new WindowScore(w.key(), w.endBucketStart(), w.firstBucketStart(), raw, sum / (f * len),
                calibration.anomalyScore(raw), calibration.threshold(), calibration.isAnomaly(raw),
                featureError, stepError, w.actual(), expected);
    }
}
