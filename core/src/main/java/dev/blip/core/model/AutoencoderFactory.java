package dev.blip.core.model;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * Builds the encoder-decoder LSTM: encoder LSTMs, the last encoder state as the latent vector,
 * repeated over the window, decoder LSTMs (mirrored sizes) and a time-distributed linear output
 * with MSE loss. Identity output on purpose: the network regresses values, a softmax on a
 * reconstruction would be meaningless.
 *
 * <p>Layer layout (for {@code hidden = [h1, h2]}): LSTM(h1), LastTimeStep(LSTM(h2)), RepeatVector(T),
 * LSTM(h2), LSTM(h1), RnnOutputLayer(features).
 */
public final class AutoencoderFactory {

    private AutoencoderFactory() {
    }

    public static MultiLayerNetwork build(ModelConfig config) {
        return build(config, DataType.FLOAT);
    }

    public static MultiLayerNetwork build(ModelConfig config, DataType dataType) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(config, dataType));
        net.init();
        return net;
    }

    public static MultiLayerConfiguration configuration(ModelConfig config, DataType dataType) {
        config.validate();
        List<Integer> hidden = config.hidden();
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(dataType)
                .updater(new Adam(config.learningRate()))
                .weightInit(WeightInit.XAVIER);
        if (config.gradientClip() > 0) {
            base.gradientNormalization(GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(config.gradientClip());
        }
        NeuralNetConfiguration.ListBuilder list = base.list();
        int n = hidden.size();
        for (int i = 0; i < n; i++) {
            Layer lstm = encoderLayer(hidden.get(i), config.bidirectional());
            list.layer(i == n - 1 ? new LastTimeStep(lstm) : lstm);
        }
        list.layer(new RepeatVector.Builder().repetitionFactor(config.windowLength()).build());
        for (int i = n - 1; i >= 0; i--) {
            list.layer(new LSTM.Builder().nOut(hidden.get(i)).activation(Activation.TANH).build());
        }
        list.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .activation(Activation.IDENTITY)
                .nOut(config.features())
                .build());
        list.setInputType(InputType.recurrent(config.features(), config.windowLength()));
        return list.build();
    }

    private static Layer encoderLayer(int size, boolean bidirectional) {
        LSTM lstm = new LSTM.Builder().nOut(size).activation(Activation.TANH).build();
        return bidirectional ? new Bidirectional(Bidirectional.Mode.CONCAT, lstm) : lstm;
    }
}
