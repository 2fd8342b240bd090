package dev.blip.core.model.fast;

import java.util.List;

/**
 * The autoencoder as the fast pass runs it: encoder layers (the last one reduced to its last
 * time step), the latent vector repeated over the window, decoder layers and the time-distributed
 * linear output. Immutable; built by {@link Dl4jWeightExtractor}.
 *
 * @param features     network input and output width F
 * @param windowLength time steps T
 * @param reverseOrder the network reconstructs the window time-reversed (undone on output)
 * @param encoder      encoder layers, input first; the last one feeds the latent vector
 * @param decoder      decoder layers (unidirectional), the first one reads the latent vector
 * @param outWeights   output layer weights {@code [Hd][F]} flattened row-major
 * @param outBias      output layer bias {@code [F]}
 */
record FastLstmPlan(int features, int windowLength, boolean reverseOrder, List<EncoderLayer> encoder,
                    List<LstmDirection> decoder, float[] outWeights, float[] outBias) {

    FastLstmPlan {
        encoder = List.copyOf(encoder);
        decoder = List.copyOf(decoder);
    }

    /**
     * One encoder layer; {@code backward} is null unless bidirectional. A bidirectional layer's
     * output is {@code [forward; backward]}; the backward direction reads the window in reverse
     * (DL4J {@code Bidirectional}, CONCAT mode).
     */
    record EncoderLayer(LstmDirection forward, LstmDirection backward) {

        int outputSize() {
            return backward == null ? forward.hidden : 2 * forward.hidden;
        }
    }

    int latentSize() {
        return encoder.get(encoder.size() - 1).outputSize();
    }

    int outputHidden() {
        return decoder.get(decoder.size() - 1).hidden;
    }

    /** Floating-point operations the fast pass performs per window (multiply-add = 2). */
    long flopsPerWindow() {
        long t = windowLength;
        long flops = 0;
        for (EncoderLayer layer : encoder) {
            flops += 2L * t * 4 * layer.forward().hidden * layer.forward().stackedRows();
            if (layer.backward() != null) {
                LstmDirection b = layer.backward();
                boolean last = layer == encoder.get(encoder.size() - 1);
                // the last layer's backward direction contributes one step from a zero state
                flops += last ? 2L * 4 * b.hidden * (b.nIn + 1) : 2L * t * 4 * b.hidden * b.stackedRows();
            }
        }
        for (int i = 0; i < decoder.size(); i++) {
            LstmDirection d = decoder.get(i);
            long perStepRows = i == 0 ? d.hidden : d.stackedRows();
            flops += 2L * t * 4 * d.hidden * perStepRows;
            if (i == 0) {
                flops += 2L * 4 * d.hidden * (d.nIn + 1);
            }
        }
        return flops + 2L * t * outputHidden() * features;
    }
}
