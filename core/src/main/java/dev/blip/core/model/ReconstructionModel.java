package dev.blip.core.model;

/**
 * Batched inference: reconstructs {@code n} windows in one call. Input and output are flat
 * {@code float[n * features * length]} in NCW order ({@code [(i * features + f) * length + t]}),
 * output in the same time order as the input whatever the model's reconstruction order.
 * Implementations document whether one instance may be called from several threads.
 */
public interface ReconstructionModel {

    ModelConfig config();

    float[] reconstruct(float[] windows, int n);

    /** Short name of the execution path, for logs and the {@code /model} endpoint. */
    String engine();
}
