package dev.blip.bench;

import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.ReconstructionModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * The one-layer, unidirectional autoencoder rebuilt as a SameDiff graph around libnd4j's native
 * {@code lstmLayer} op (whole sequence in native code), with the weights of a DL4J network, for
 * benchmarking path (b) of issue 5. Benchmark code only: the product uses DL4J or the fast pass.
 *
 * <p>Gate order: DL4J stores the blocks as [cell input, forget, output, input gate]; libnd4j's
 * {@code lstmLayer} expects [input gate, forget, cell input, output], so the columns are permuted
 * (checked against DL4J's output in {@code SameDiffAutoencoderTest}).
 */
public final class SameDiffAutoencoder implements ReconstructionModel {

    /** For libnd4j block i, the DL4J block it comes from. */
    private static final int[] FROM_DL4J = {3, 1, 0, 2};

    private final ModelConfig config;
    private final SameDiff sd;
    private final String outputName;

    public SameDiffAutoencoder(ModelConfig config, MultiLayerNetwork net) {
        if (config.hidden().size() != 1 || config.bidirectional() || config.reverseOrder()) {
            throw new IllegalArgumentException("benchmark graph covers one unidirectional layer in forward order only");
        }
        this.config = config;
        int t = config.windowLength();
        sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, config.features(), t);
        SDVariable latent = lstm(sd, "enc", x, net, 0, false)[0];
        SDVariable repeated = sd.tile(sd.expandDims(latent, 2), new int[] {1, 1, t});
        SDVariable decoded = lstm(sd, "dec", repeated, net, 2, true)[0];
        INDArray w = net.getLayer(3).getParam("W");
        INDArray b = net.getLayer(3).getParam("b");
        int hidden = (int) w.size(0);
        SDVariable steps = sd.reshape(sd.permute(decoded, 0, 2, 1), -1, hidden);
        SDVariable y = steps.mmul(sd.constant("outW", w.dup())).add(sd.constant("outB", b.dup().reshape(-1)));
        SDVariable out = sd.permute(sd.reshape(y, -1, t, config.features()), 0, 2, 1);
        outputName = out.name();
    }

    private static SDVariable[] lstm(SameDiff sd, String name, SDVariable in, MultiLayerNetwork net, int layer, boolean fullSequence) {
        INDArray w = permuteGates(net.getLayer(layer).getParam("W"));
        INDArray rw = permuteGates(net.getLayer(layer).getParam("RW"));
        INDArray b = permuteGates(net.getLayer(layer).getParam("b").reshape(1, -1)).reshape(-1);
        LSTMLayerWeights weights = LSTMLayerWeights.builder()
                .weights(sd.constant(name + "W", w)).rWeights(sd.constant(name + "RW", rw)).bias(sd.constant(name + "b", b)).build();
        LSTMLayerConfig conf = LSTMLayerConfig.builder().lstmdataformat(LSTMDataFormat.NST).directionMode(LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID).cellAct(LSTMActivations.TANH).outAct(LSTMActivations.TANH)
                .retFullSequence(fullSequence).retLastH(!fullSequence).retLastC(false).build();
        return sd.rnn().lstmLayer(new String[] {name}, in, weights, conf);
    }

    static INDArray permuteGates(INDArray dl4j) {
        long h = dl4j.size(1) / 4;
        INDArray out = Nd4j.create(dl4j.dataType(), dl4j.shape());
        for (int g = 0; g < 4; g++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(g * h, (g + 1) * h))
                    .assign(dl4j.get(NDArrayIndex.all(), NDArrayIndex.interval(FROM_DL4J[g] * h, (FROM_DL4J[g] + 1) * h)));
        }
        return out;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public String engine() {
        return "samediff-lstmLayer";
    }

    @Override
    public float[] reconstruct(float[] windows, int n) {
        INDArray in = Nd4j.create(windows, new long[] {n, config.features(), config.windowLength()}, 'c');
        return output(in).dup('c').data().asFloat();
    }

    /** Reconstructions {@code [n, features, length]} of NCW windows. */
    public INDArray output(INDArray windows) {
        Map<String, INDArray> out = sd.output(Map.of("x", windows), outputName);
        return out.get(outputName);
    }
}
