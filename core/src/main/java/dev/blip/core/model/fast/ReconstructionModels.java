package dev.blip.core.model.fast;

import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.ReconstructionModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the inference engine for a trained network: the fast pass when it supports it, else DL4J. */
public final class ReconstructionModels {

    private static final Logger LOG = LoggerFactory.getLogger(ReconstructionModels.class);

    private ReconstructionModels() {
    }

    /**
     * The fastest correct engine for {@code network}. Falls back to DL4J, with a warning naming
     * the unsupported property, for any network the fast pass cannot run exactly. The network is
     * not shared: the DL4J fallback gets a clone, the fast pass copies the weights. The first fast
     * model in a JVM is run on a few full batches to warm up the JIT.
     */
    public static ReconstructionModel forBundle(ModelConfig config, MultiLayerNetwork network) {
        return forBundle(config, network, InferenceEngine.AUTO);
    }

    /** As {@link #forBundle(ModelConfig, MultiLayerNetwork)}, or always DL4J when {@code engine} is {@link InferenceEngine#DL4J}. */
    public static ReconstructionModel forBundle(ModelConfig config, MultiLayerNetwork network, InferenceEngine engine) {
        if (engine == InferenceEngine.DL4J) {
            LOG.info("inference engine forced to DL4J");
            return new Dl4jReconstructionModel(config, network.clone());
        }
        try {
            FastLstmReconstructionModel fast = FastLstmReconstructionModel.of(config, network);
            warnIfBlasMultiThreaded();
            fast.warmUpJitOnce();
            return fast;
        } catch (UnsupportedNetworkException e) {
            LOG.warn("fast LSTM inference not available, using DL4J: {}", e.getMessage());
            return new Dl4jReconstructionModel(config, network.clone());
        }
    }

    /**
     * An engine on {@code network}'s current weights for a one-off evaluation while it trains (the
     * trainer's validation loss after each epoch): the fast pass when it supports the network, else
     * DL4J on the network itself (not a clone; the caller must not train it meanwhile). Quiet: the
     * trainer has already said which path it trains with.
     */
    public static ReconstructionModel forEvaluation(ModelConfig config, MultiLayerNetwork network) {
        try {
            return FastLstmReconstructionModel.of(config, network);
        } catch (UnsupportedNetworkException e) {
            return new Dl4jReconstructionModel(config, network);
        }
    }

    /**
     * ND4J sets OpenBLAS's thread count from {@code OMP_NUM_THREADS} (default: one per core), and
     * {@code OPENBLAS_NUM_THREADS} alone does not override it. The scorer already runs one model
     * per stream thread, so BLAS threads on top only oversubscribe the cores.
     */
    private static void warnIfBlasMultiThreaded() {
        int threads = org.bytedeco.openblas.presets.openblas_nolapack.blas_get_num_threads();
        if (threads > 1) {
            LOG.warn("OpenBLAS runs {} threads per call; set OMP_NUM_THREADS=1 and scale with stream threads instead", threads);
        }
    }
}
