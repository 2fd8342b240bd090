package dev.blip.core.model.train;

import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Mini-batch Adam for the network {@code AutoencoderFactory} builds, computed by our own forward
 * and backward pass instead of DL4J's {@code fit}, with the same result: the same loss (DL4J's MSE
 * score), the same gradients, DL4J's per-layer clipping and Adam. The weights live in DL4J's flat
 * parameter vector layout ({@link ParamLayout}); {@link #params()} is loaded into the network with
 * {@code net.setParams}, so the saved model stays the DL4J network.
 *
 * <p>Supported: every option but the bidirectional encoder ({@link #unsupported}). Deterministic:
 * no threads of its own, OpenBLAS single-threaded under {@code OMP_NUM_THREADS=1}. Not thread-safe.
 */
public final class FastAutoencoderTrainer {

    private final ModelConfig config;
    private final ParamLayout layout;
    private final int capacity;
    private final float[] params;
    private final float[] grad;
    private final Adam adam;
    private final List<LstmTrainLayer> encoder = new ArrayList<>();
    private final List<LstmTrainLayer> decoder = new ArrayList<>();
    private final OutputTrainLayer output;
    private final float[][] inputSteps;
    private final float[][] latentGrad;
    private final float[][] latent = new float[1][];

    /**
     * @param network  the freshly built (or partly trained) network whose parameters start the training
     * @param capacity largest batch
     * @throws IllegalArgumentException for an {@link #unsupported} configuration or a network that is
     *                                  not its {@code AutoencoderFactory} shape in FLOAT
     */
    public FastAutoencoderTrainer(ModelConfig config, MultiLayerNetwork network, int capacity) {
        this(config, checked(config, network), capacity);
    }

    FastAutoencoderTrainer(ModelConfig config, float[] initialParams, int capacity) {
        requireSupported(config);
        this.config = config;
        this.layout = ParamLayout.of(config);
        this.capacity = capacity;
        if (initialParams.length != layout.size()) {
            throw new IllegalArgumentException("expected " + layout.size() + " parameters, got " + initialParams.length);
        }
        this.params = initialParams.clone();
        this.grad = new float[params.length];
        this.adam = new Adam(params.length, config.learningRate(), config.gradientClip(), layout.layerRanges());
        int t = config.windowLength();
        int depth = layout.depth();
        for (int i = 0; i < 2 * depth; i++) {
            ParamLayout.Lstm l = layout.lstms().get(i);
            LstmTrainLayer layer = new LstmTrainLayer(l.nIn(), l.hidden(), t, capacity, i == depth, i != 0);
            (i < depth ? encoder : decoder).add(layer);
        }
        this.output = new OutputTrainLayer(layout.output().hidden(), config.features(), t, capacity, config.reverseOrder());
        this.inputSteps = new float[t][config.features() * capacity];
        this.latentGrad = new float[t][];
    }

    /** Why this configuration must be trained by DL4J, or empty when the fast trainer supports it. */
    public static Optional<String> unsupported(ModelConfig config) {
        return ParamLayout.unsupported(config);
    }

    private static void requireSupported(ModelConfig config) {
        unsupported(config).ifPresent(reason -> {
            throw new IllegalArgumentException("the fast trainer does not support: " + reason);
        });
    }

    private static float[] checked(ModelConfig config, MultiLayerNetwork network) {
        requireSupported(config);
        if (network.params().dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("network data type is " + network.params().dataType() + ", the fast trainer computes in FLOAT");
        }
        ParamLayout.of(config).check(network);
        return network.params().toFloatVector();
    }

    /**
     * One Adam step on {@code n <= capacity} windows: {@code inputs} is what the network sees
     * (NCW, e.g. with the newest steps masked), {@code windows} what it must reconstruct (NCW, time
     * order; reversed internally when the model reconstructs in reverse). Returns DL4J's score of
     * the batch before the step (sum over steps of the per-step MSE, averaged over windows).
     */
    public double fit(float[] inputs, float[] windows, int n) {
        double score = computeGradient(inputs, windows, n);
        adam.apply(params, grad);
        return score;
    }

    /** A copy of the current parameters in DL4J's flat layout, for {@code net.setParams}. */
    public float[] params() {
        return params.clone();
    }

    /** Replaces the parameters (the Adam state is kept), e.g. to restore the best epoch's. */
    public void setParams(float[] values) {
        if (values.length != params.length) {
            throw new IllegalArgumentException("expected " + params.length + " parameters, got " + values.length);
        }
        System.arraycopy(values, 0, params, 0, params.length);
    }

    /** Adam steps taken. */
    public int iteration() {
        return adam.iteration();
    }

    /** The gradient of the last {@link #computeGradient} (DL4J's gradient / N), in the flat layout. */
    float[] gradient() {
        return grad;
    }

    /** Forward and backward pass with the current parameters; returns the score, leaves the gradient in {@link #gradient()}. */
    double computeGradient(float[] inputs, float[] windows, int n) {
        int size = config.features() * config.windowLength();
        if (n < 1 || n > capacity || inputs.length < n * size || windows.length < n * size) {
            throw new IllegalArgumentException("batch of " + n + " windows: capacity " + capacity + ", "
                    + inputs.length + " input and " + windows.length + " target values for " + size + " per window");
        }
        load();
        forward(inputs, n);
        double score = output.lossAndGradient(decoder.get(decoder.size() - 1).out, windows, n);
        backward(n);
        for (int i = 0; i < encoder.size(); i++) {
            encoder.get(i).gradient(grad, layout.lstms().get(i));
        }
        for (int i = 0; i < decoder.size(); i++) {
            decoder.get(i).gradient(grad, layout.lstms().get(encoder.size() + i));
        }
        output.gradient(grad, layout.output());
        return score;
    }

    private void load() {
        for (int i = 0; i < encoder.size(); i++) {
            encoder.get(i).load(params, layout.lstms().get(i));
        }
        for (int i = 0; i < decoder.size(); i++) {
            decoder.get(i).load(params, layout.lstms().get(encoder.size() + i));
        }
        output.load(params, layout.output());
    }

    private void forward(float[] inputs, int n) {
        gatherSteps(inputs, n);
        float[][] in = inputSteps;
        for (LstmTrainLayer layer : encoder) {
            layer.forward(in, n);
            in = layer.out;
        }
        latent[0] = in[in.length - 1];
        in = latent;
        for (LstmTrainLayer layer : decoder) {
            layer.forward(in, n);
            in = layer.out;
        }
    }

    private void backward(int n) {
        float[][] dOut = output.dh;
        for (int i = decoder.size() - 1; i >= 0; i--) {
            decoder.get(i).backward(dOut, n);
            dOut = decoder.get(i).dIn;
        }
        // LastTimeStep: only the encoder's last step feeds the latent vector.
        latentGrad[latentGrad.length - 1] = dOut[0];
        dOut = latentGrad;
        for (int i = encoder.size() - 1; i >= 0; i--) {
            encoder.get(i).backward(dOut, n);
            dOut = encoder.get(i).dIn;
        }
    }

    /** NCW windows to one unit-major {@code F x n} block per step. */
    private void gatherSteps(float[] inputs, int n) {
        int f = config.features();
        int t = config.windowLength();
        for (int s = 0; s < t; s++) {
            float[] dst = inputSteps[s];
            for (int j = 0; j < f; j++) {
                int row = j * n;
                for (int b = 0; b < n; b++) {
                    dst[row + b] = inputs[(b * f + j) * t + s];
                }
            }
        }
    }
}
