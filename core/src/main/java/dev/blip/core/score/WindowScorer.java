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
            float[] recon = model.reconstruct(WindowTensors.masked(batch, model.config().maskNewest()), batch.size());
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
            float[] recon = model.reconstruct(WindowTensors.masked(batch, model.config().maskNewest()), batch.size());
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
        int c = w.features();
        int counts = w.countFeatures();
        int len = w.length();
        boolean newest = calibration.scope() == ErrorScope.NEWEST;
        double[] e = signedError(w, recon, index);
        double[] featureError = new double[counts];
        double[] stepError = new double[len];
        double[][] expected = new double[len][counts];
        double sum = 0;
        int base = index * c * len;
        for (int j = 0; j < c; j++) {
            for (int t = 0; t < len; t++) {
                double sq = e[j * len + t] * e[j * len + t];
                stepError[t] += sq / c;
                sum += sq;
                if (!newest || t == len - 1) {
                    featureError[j % counts] += sq / ((double) (c / counts) * (newest ? 1 : len));
                }
            }
        }
        for (int f = 0; f < counts; f++) {
            for (int t = 0; t < len; t++) {
                expected[t][f] = w.toCount(t, f, recon[base + f * len + t]);
            }
        }
        double[] low = null;
        double[] high = null;
        if (calibration.bandLow() != null) {
            low = new double[counts];
            high = new double[counts];
            for (int f = 0; f < counts; f++) {
                double y = recon[base + f * len + len - 1];
                low[f] = w.toCount(len - 1, f, y + calibration.bandLow()[f]);
                high[f] = w.toCount(len - 1, f, y + calibration.bandHigh()[f]);
            }
        }
        double raw = calibration.rawScore(e, c, len);
        return new WindowScore(w.key(), w.endBucketStart(), w.firstBucketStart(), raw, sum / (c * len),
                calibration.anomalyScore(raw), calibration.exceedance(raw), calibration.threshold(),
                calibration.isAnomaly(raw), featureError, stepError, w.actual(), expected, low, high);
    }
}
