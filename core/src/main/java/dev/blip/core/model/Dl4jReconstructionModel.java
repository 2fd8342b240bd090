package dev.blip.core.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inference through DL4J's {@link MultiLayerNetwork#output}. A network keeps per-call state, so
 * calls on one instance are serialised ({@code synchronized}); give each thread its own instance
 * (e.g. via {@link #copy()}) to score in parallel.
 */
public final class Dl4jReconstructionModel implements ReconstructionModel {

    private final ModelConfig config;
    private final MultiLayerNetwork network;

    public Dl4jReconstructionModel(ModelConfig config, MultiLayerNetwork network) {
        this.config = config;
        this.network = network;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    /** An independent instance with the same weights, for another thread. */
    public Dl4jReconstructionModel copy() {
        return new Dl4jReconstructionModel(config, network.clone());
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public String engine() {
        return "dl4j";
    }

    @Override
    public synchronized float[] reconstruct(float[] windows, int n) {
        int f = config.features();
        int t = config.windowLength();
        if (windows.length != n * f * t) {
            throw new IllegalArgumentException("expected " + n * f * t + " values for " + n + " windows, got " + windows.length);
        }
        INDArray in = Nd4j.create(windows, new long[] {n, f, t}, 'c');
        INDArray out = network.output(in, false);
        if (config.reverseOrder()) {
            out = reverseTime(out);
        }
        return out.dup('c').data().asFloat();
    }

    /** Reverses the time axis of an NCW array. */
    public static INDArray reverseTime(INDArray ncw) {
        long steps = ncw.size(2);
        INDArray reversed = Nd4j.createUninitialized(ncw.dataType(), ncw.shape(), 'c');
        for (long s = 0; s < steps; s++) {
            reversed.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(steps - 1 - s))
                    .assign(ncw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(s)));
        }
        return reversed;
    }
}
