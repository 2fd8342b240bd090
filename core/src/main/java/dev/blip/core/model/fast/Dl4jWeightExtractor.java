package dev.blip.core.model.fast;

import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a trained {@link MultiLayerNetwork} of the {@code AutoencoderFactory} shape into a
 * {@link FastLstmPlan}, checking every property the fast pass relies on. Anything else is
 * rejected with {@link UnsupportedNetworkException} naming the layer and the property, so the
 * caller falls back to DL4J instead of computing something different.
 */
final class Dl4jWeightExtractor {

    private Dl4jWeightExtractor() {
    }

    static FastLstmPlan extract(ModelConfig config, MultiLayerNetwork net) {
        if (net.params().dataType() != DataType.FLOAT) {
            throw new UnsupportedNetworkException("network data type is " + net.params().dataType() + ", the fast pass computes in FLOAT");
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int layers = conf.getConfs().size();
        int depth = config.hidden().size();
        if (layers != 2 * depth + 2) {
            throw new UnsupportedNetworkException("expected " + (2 * depth + 2) + " layers for hidden " + config.hidden() + ", got " + layers);
        }
        for (int i = 0; i < layers; i++) {
            if (conf.getInputPreProcess(i) != null) {
                throw new UnsupportedNetworkException("layer " + i + ": input preprocessor " + conf.getInputPreProcess(i) + " is not supported");
            }
        }
        List<FastLstmPlan.EncoderLayer> encoder = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            encoder.add(encoderLayer(net, i, i == depth - 1));
        }
        org.deeplearning4j.nn.conf.layers.Layer repeat = layerConf(net, depth);
        if (!(repeat instanceof RepeatVector rv) || rv.getN() != config.windowLength() || rv.getDataFormat() != RNNFormat.NCW) {
            throw new UnsupportedNetworkException("layer " + depth + ": expected RepeatVector(" + config.windowLength() + ", NCW), got " + repeat);
        }
        List<LstmDirection> decoder = new ArrayList<>();
        for (int i = depth + 1; i <= 2 * depth; i++) {
            decoder.add(lstm(net, i, (LSTM) requireLstm(layerConf(net, i), i), ""));
        }
        int outIndex = 2 * depth + 1;
        org.deeplearning4j.nn.conf.layers.Layer out = layerConf(net, outIndex);
        if (!(out instanceof RnnOutputLayer rnnOut) || !(rnnOut.getActivationFn() instanceof ActivationIdentity)
                || rnnOut.getRnnDataFormat() != RNNFormat.NCW || !rnnOut.hasBias()) {
            throw new UnsupportedNetworkException("layer " + outIndex + ": expected RnnOutputLayer(identity, NCW, with bias), got " + out);
        }
        Layer outLayer = net.getLayer(outIndex);
        float[][] w = matrix(outLayer, "W", outIndex);
        float[] b = vector(outLayer, "b", outIndex);
        FastLstmPlan plan = new FastLstmPlan(config.features(), config.windowLength(), config.reverseOrder(), encoder, decoder,
                flatten(w), b);
        checkShapes(plan, config, w);
        return plan;
    }

    private static FastLstmPlan.EncoderLayer encoderLayer(MultiLayerNetwork net, int index, boolean last) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layerConf(net, index);
        if (last) {
            if (!(conf instanceof LastTimeStep lts)) {
                throw new UnsupportedNetworkException("layer " + index + ": the last encoder layer must be LastTimeStep, got " + conf);
            }
            conf = lts.getUnderlying();
        }
        if (conf instanceof Bidirectional bi) {
            if (bi.getMode() != Bidirectional.Mode.CONCAT || bi.getRNNDataFormat() != RNNFormat.NCW) {
                throw new UnsupportedNetworkException("layer " + index + ": Bidirectional must be CONCAT over NCW, got " + bi.getMode());
            }
            LSTM fwd = requireLstm(bi.getFwd(), index);
            LSTM bwd = requireLstm(bi.getBwd(), index);
            return new FastLstmPlan.EncoderLayer(lstm(net, index, fwd, "f"), lstm(net, index, bwd, "b"));
        }
        return new FastLstmPlan.EncoderLayer(lstm(net, index, requireLstm(conf, index), ""), null);
    }

    private static LSTM requireLstm(org.deeplearning4j.nn.conf.layers.Layer conf, int index) {
        if (conf == null || conf.getClass() != LSTM.class) {
            throw new UnsupportedNetworkException("layer " + index + ": expected an LSTM (no peepholes), got " + conf);
        }
        LSTM lstm = (LSTM) conf;
        if (!(lstm.getActivationFn() instanceof ActivationTanH) || !(lstm.getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new UnsupportedNetworkException("layer " + index + ": only tanh activation with sigmoid gates is supported, got "
                    + lstm.getActivationFn() + " / " + lstm.getGateActivationFn());
        }
        if (lstm.getRnnDataFormat() != RNNFormat.NCW) {
            throw new UnsupportedNetworkException("layer " + index + ": data format must be NCW, got " + lstm.getRnnDataFormat());
        }
        return lstm;
    }

    private static LstmDirection lstm(MultiLayerNetwork net, int index, LSTM conf, String prefix) {
        Layer layer = net.getLayer(index);
        float[][] w = matrix(layer, prefix + "W", index);
        float[][] rw = matrix(layer, prefix + "RW", index);
        float[] b = vector(layer, prefix + "b", index);
        if (rw.length != conf.getNOut() || w.length != conf.getNIn() || rw[0].length != 4 * rw.length) {
            throw new UnsupportedNetworkException("layer " + index + ": LSTM parameter shapes do not match nIn=" + conf.getNIn()
                    + ", nOut=" + conf.getNOut() + " without peepholes");
        }
        return new LstmDirection(w, rw, b);
    }

    private static void checkShapes(FastLstmPlan plan, ModelConfig config, float[][] outW) {
        if (plan.encoder().get(0).forward().nIn != config.features() || plan.outBias().length != config.features()) {
            throw new UnsupportedNetworkException("network input/output width does not match features=" + config.features());
        }
        if (plan.decoder().get(0).nIn != plan.latentSize() || outW.length != plan.outputHidden()) {
            throw new UnsupportedNetworkException("decoder widths do not match the latent size " + plan.latentSize());
        }
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layerConf(MultiLayerNetwork net, int index) {
        return net.getLayerWiseConfigurations().getConf(index).getLayer();
    }

    private static INDArray param(Layer layer, String key, int index) {
        INDArray p = layer.paramTable().get(key);
        if (p == null) {
            throw new UnsupportedNetworkException("layer " + index + ": parameter " + key + " not found, has " + layer.paramTable().keySet());
        }
        return p;
    }

    private static float[][] matrix(Layer layer, String key, int index) {
        INDArray p = param(layer, key, index);
        if (p.rank() != 2) {
            throw new UnsupportedNetworkException("layer " + index + ": parameter " + key + " has rank " + p.rank() + ", expected 2");
        }
        return p.toFloatMatrix();
    }

    private static float[] vector(Layer layer, String key, int index) {
        return param(layer, key, index).dup().reshape(-1).toFloatVector();
    }

    private static float[] flatten(float[][] m) {
        int cols = m[0].length;
        float[] out = new float[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * cols, cols);
        }
        return out;
    }
}
