package dev.blip.core.model.train;

import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where every weight of the {@code AutoencoderFactory} network lives in DL4J's flat parameter
 * vector ({@code net.params()}), so that the fast trainer reads and writes exactly that vector and
 * the saved model stays the DL4J network. Per layer, in layer order: an LSTM holds {@code W}
 * {@code [nIn x 4H]}, {@code RW} {@code [H x 4H]}, {@code b} {@code [4H]}; the output layer
 * {@code W} {@code [H x F]}, {@code b} {@code [F]}; matrices column-major (DL4J's 'f' views), so
 * column {@code j} of {@code W} (gate unit {@code j}'s input weights) is contiguous. RepeatVector
 * holds nothing. {@link #check} compares this against a real network's parameter table.
 *
 * @param lstms  encoder LSTMs (input first), then decoder LSTMs
 * @param output the output layer
 */
record ParamLayout(List<Lstm> lstms, Output output, int size) {

    /** One LSTM layer's parameter block. */
    record Lstm(int nIn, int hidden, int offset) {

        int w() {
            return offset;
        }

        int rw() {
            return offset + nIn * 4 * hidden;
        }

        int b() {
            return rw() + hidden * 4 * hidden;
        }

        int end() {
            return b() + 4 * hidden;
        }
    }

    /** The time-distributed linear output layer's parameter block. */
    record Output(int hidden, int features, int offset) {

        int w() {
            return offset;
        }

        int b() {
            return offset + hidden * features;
        }

        int end() {
            return b() + features;
        }
    }

    ParamLayout {
        lstms = List.copyOf(lstms);
    }

    /** Why the fast trainer cannot train this configuration, or empty when it can. */
    static Optional<String> unsupported(ModelConfig config) {
        if (config.bidirectional()) {
            return Optional.of("bidirectional encoder");
        }
        return Optional.empty();
    }

    static ParamLayout of(ModelConfig config) {
        List<Integer> hidden = config.hidden();
        List<Lstm> lstms = new ArrayList<>();
        int offset = 0;
        int in = config.features();
        for (int h : hidden) {
            lstms.add(new Lstm(in, h, offset));
            offset = lstms.get(lstms.size() - 1).end();
            in = h;
        }
        for (int i = hidden.size() - 1; i >= 0; i--) {
            int h = hidden.get(i);
            lstms.add(new Lstm(in, h, offset));
            offset = lstms.get(lstms.size() - 1).end();
            in = h;
        }
        Output output = new Output(in, config.features(), offset);
        return new ParamLayout(lstms, output, output.end());
    }

    int depth() {
        return lstms.size() / 2;
    }

    /** Parameter ranges {@code [start, end)} of each layer that has parameters, for per-layer clipping. */
    int[][] layerRanges() {
        int[][] out = new int[lstms.size() + 1][];
        for (int i = 0; i < lstms.size(); i++) {
            out[i] = new int[] {lstms.get(i).offset(), lstms.get(i).end()};
        }
        out[lstms.size()] = new int[] {output.offset(), output.end()};
        return out;
    }

    /**
     * Throws {@link IllegalStateException} unless {@code net}'s parameter vector has exactly this
     * layout: same length and, per layer, the same parameter count.
     */
    void check(MultiLayerNetwork net) {
        if (net.numParams() != size) {
            throw new IllegalStateException("network has " + net.numParams() + " parameters, the fast trainer's layout " + size);
        }
        int depth = depth();
        for (int i = 0; i < lstms.size(); i++) {
            int layer = i < depth ? i : i + 1;
            Lstm l = lstms.get(i);
            if (net.getLayer(layer).numParams() != l.end() - l.offset()) {
                throw new IllegalStateException("layer " + layer + " has " + net.getLayer(layer).numParams()
                        + " parameters, expected an LSTM(" + l.nIn() + " -> " + l.hidden() + ") without peepholes");
            }
        }
    }
}
