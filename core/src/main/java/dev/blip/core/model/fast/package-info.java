/**
 * Fast batched inference for the autoencoder built by
 * {@link dev.blip.core.model.AutoencoderFactory}, behind the same
 * {@link dev.blip.core.model.ReconstructionModel} interface as the DL4J path.
 *
 * <p>Why: DL4J's LSTM layers spend their time in per-op overhead (a [1x64]x[64x256] gemm costs
 * ~15 us through {@code Nd4j.gemm}) and element-wise ops on strided views; the GEMMs themselves
 * are a small share. This package keeps the math and drops the machinery:
 * <ul>
 *   <li>{@link dev.blip.core.model.fast.Dl4jWeightExtractor} reads the trained weights once and
 *       rejects any network it cannot run exactly (other activations, peepholes, preprocessors,
 *       double precision, other layer shapes); {@link dev.blip.core.model.fast.ReconstructionModels}
 *       then falls back to DL4J with a warning.</li>
 *   <li>State is unit-major, one column per window ({@code H x n}); each step of each direction is
 *       one GEMM {@code [4H x K] x [K x n]} over the stacked input {@code [x; 1; h]} (input
 *       projection, bias and recurrence fused), by OpenBLAS for large batches and a Java loop for
 *       small ones ({@link dev.blip.core.model.fast.GateGemm}).</li>
 *   <li>Gate non-linearities are vectorisable polynomial/rational kernels
 *       ({@link dev.blip.core.model.fast.GateMath}), applied in place.</li>
 *   <li>The decoder's first layer reads the same latent vector at every step, so its input
 *       projection is computed once per window; the last encoder layer's backward direction
 *       (LastTimeStep keeps step T-1, where it has seen one input) runs one step.</li>
 * </ul>
 *
 * <p>Threads: instances are synchronised and own their buffers; use one per thread. OpenBLAS runs
 * single-threaded under {@code OMP_NUM_THREADS=1} (recommended: with two scorer stream threads on
 * two cores, each thread drives one core; more BLAS threads would only oversubscribe).
 */
package dev.blip.core.model.fast;
