package dev.blip.trainer.train;

import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.train.FastAutoencoderTrainer;
import dev.blip.core.model.train.TrainingEngine;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * One mini-batch Adam step on the network's weights: by blip's own training pass
 * ({@link FastAutoencoderTrainer}, the default) or by DL4J's {@code fit}. Both compute the same
 * loss, gradients, clipping and Adam update (tested against each other in core); the fast one
 * keeps the weights to itself between {@link #syncNetwork} calls.
 */
abstract class BatchFitter {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFitter.class);

    final MultiLayerNetwork net;

    private BatchFitter(MultiLayerNetwork net) {
        this.net = net;
    }

    /** The fast trainer when {@code engine} allows it and it supports {@code config}, else DL4J (logged). */
    static BatchFitter choose(ModelConfig config, TrainingEngine engine, MultiLayerNetwork net, int batchSize) {
        if (engine == TrainingEngine.DL4J) {
            LOG.info("training engine: DL4J fit (forced)");
            return new Dl4j(config, net);
        }
        Optional<String> unsupported = FastAutoencoderTrainer.unsupported(config);
        if (unsupported.isPresent()) {
            LOG.info("training engine: DL4J fit, the fast trainer does not support: {}", unsupported.get());
            return new Dl4j(config, net);
        }
        LOG.info("training engine: blip fast trainer");
        return new Fast(new FastAutoencoderTrainer(config, net, batchSize), net);
    }

    /** One step on {@code n} windows (masked inputs, whole windows as targets); returns DL4J's score. */
    abstract double fit(float[] inputs, float[] windows, int n);

    /** The current weights in DL4J's flat layout (a copy). */
    abstract float[] params();

    /** Makes the network hold the current weights (before validation and at the end). */
    abstract void syncNetwork();

    /** Loads {@code params} (from {@link #params()}) into the network. */
    void restore(float[] params) {
        net.setParams(Nd4j.create(params).reshape(1, params.length));
    }

    private static final class Dl4j extends BatchFitter {

        private final ModelConfig config;

        Dl4j(ModelConfig config, MultiLayerNetwork net) {
            super(net);
            this.config = config;
        }

        @Override
        double fit(float[] inputs, float[] windows, int n) {
            long[] shape = {n, config.features(), config.windowLength()};
            INDArray x = Nd4j.create(inputs, shape, 'c');
            INDArray t = Nd4j.create(windows, shape, 'c');
            INDArray y = config.reverseOrder() ? Dl4jReconstructionModel.reverseTime(t) : t;
            net.fit(new DataSet(x, y));
            return net.score();
        }

        @Override
        float[] params() {
            return net.params().toFloatVector();
        }

        @Override
        void syncNetwork() {
            // DL4J trains the network in place
        }
    }

    private static final class Fast extends BatchFitter {

        private final FastAutoencoderTrainer trainer;

        Fast(FastAutoencoderTrainer trainer, MultiLayerNetwork net) {
            super(net);
            this.trainer = trainer;
        }

        @Override
        double fit(float[] inputs, float[] windows, int n) {
            return trainer.fit(inputs, windows, n);
        }

        @Override
        float[] params() {
            return trainer.params();
        }

        @Override
        void syncNetwork() {
            restore(trainer.params());
        }
    }
}
