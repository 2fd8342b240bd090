package dev.blip.core.model;

import dev.blip.core.window.Window;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Packs windows into the flat and ND4J layouts the model consumes. */
public final class WindowTensors {

    private WindowTensors() {
    }

    /** Flat NCW model input: the windows with their newest {@code maskNewest} steps set to 0 (the mean). */
    public static float[] masked(List<Window> windows, int maskNewest) {
        float[] out = flat(windows);
        if (maskNewest > 0 && !windows.isEmpty()) {
            int len = windows.get(0).length();
            int rows = out.length / len;
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(out, r * len + len - maskNewest, (r + 1) * len, 0f);
            }
        }
        return out;
    }

    /** Flat NCW windows as they are (the training target), for {@link ReconstructionModel#reconstruct}. */
    public static float[] flat(List<Window> windows) {
        if (windows.isEmpty()) {
            return new float[0];
        }
        int size = windows.get(0).input().length;
        float[] out = new float[windows.size() * size];
        for (int i = 0; i < windows.size(); i++) {
            float[] in = windows.get(i).input();
            if (in.length != size) {
                throw new IllegalArgumentException("window " + i + " has " + in.length + " values, expected " + size);
            }
            System.arraycopy(in, 0, out, i * size, size);
        }
        return out;
    }

    /** Network input {@code [n, features, length]}. */
    public static INDArray features(List<Window> windows) {
        Window w = windows.get(0);
        return Nd4j.create(flat(windows), new long[] {windows.size(), w.features(), w.length()}, 'c');
    }

    /** Training target: the input itself, time-reversed when the model reconstructs in reverse. */
    public static INDArray targets(List<Window> windows, boolean reverseOrder) {
        INDArray x = features(windows);
        return reverseOrder ? Dl4jReconstructionModel.reverseTime(x) : x;
    }
}
