package dev.blip.bench;

import dev.blip.core.model.ModelConfig;

import java.util.List;

/**
 * Floating-point operations of one window through the autoencoder that
 * {@link dev.blip.core.model.AutoencoderFactory} builds, counting only the matrix products (a
 * multiply-add is 2 FLOPs; gate activations, biases and element-wise work are ignored, they are
 * O(nOut) per step against O(nOut^2)). Per LSTM layer and time step:
 * {@code 2 * (nIn + nOut) * 4 * nOut}; per output step: {@code 2 * hidden[0] * features}.
 */
public final class ModelFlops {

    private ModelFlops() {
    }

    public static long perWindow(ModelConfig config) {
        List<Integer> hidden = config.hidden();
        int n = hidden.size();
        int directions = config.bidirectional() ? 2 : 1;
        long perStep = 0;
        long nIn = config.features();
        for (int i = 0; i < n; i++) {
            perStep += directions * lstm(nIn, hidden.get(i));
            nIn = (long) directions * hidden.get(i);
        }
        // Decoder: the repeated latent vector feeds the innermost decoder LSTM.
        for (int i = n - 1; i >= 0; i--) {
            perStep += lstm(nIn, hidden.get(i));
            nIn = hidden.get(i);
        }
        perStep += 2L * hidden.get(0) * config.features();
        return perStep * config.windowLength();
    }

    static long lstm(long nIn, long nOut) {
        return 2L * (nIn + nOut) * 4L * nOut;
    }

    /** Prints the FLOPs per window of the benchmarked shapes and the windows/s a GEMM rate allows. */
    public static void main(String[] args) {
        double gflops = args.length > 0 ? Double.parseDouble(args[0]) : Double.NaN;
        for (int h : new int[] {32, 64}) {
            ModelConfig c = ModelConfig.defaults(1, 32).withHidden(List.of(h));
            long f = perWindow(c);
            System.out.printf("T=32 features=1 hidden=%d: %,d FLOPs/window%s%n", h, f,
                    Double.isNaN(gflops) ? "" : String.format(", bound at %.1f GFLOP/s = %,.0f windows/s", gflops, gflops * 1e9 / f));
        }
    }
}
