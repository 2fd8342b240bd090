/**
 * Training of the {@link dev.blip.core.model.AutoencoderFactory} network without DL4J's
 * {@code fit}: {@link dev.blip.core.model.train.FastAutoencoderTrainer} computes DL4J's loss, its
 * gradients, its per-layer clipping and its Adam update, on the weights in DL4J's flat parameter
 * layout, so the trained vector goes back into the network with {@code setParams} and the saved
 * model is unchanged.
 *
 * <p>Why: DL4J's fit spends most of its time on framework overhead per op (buffer and op-context
 * allocation through JNI, shape bookkeeping, hundreds of small element-wise ops per step); its
 * GEMMs are ~5 % of the profile. This pass keeps the fast inference pass's layout and does the
 * backward pass the same way:
 * <ul>
 *   <li>{@link dev.blip.core.model.train.LstmTrainLayer}: per step one fused gate GEMM over
 *       {@code [x; 1; h']} (OpenBLAS), the gate non-linearities of
 *       {@link dev.blip.core.model.fast.GateMath} on weights pre-scaled the same way, and every
 *       activation kept for the backward pass; backward per step one GEMM for the recurrent (and
 *       input) gradient and one accumulating the weight gradient. The decoder's first layer
 *       computes its (constant) input projection and its input gradient once per batch.</li>
 *   <li>{@link dev.blip.core.model.train.OutputTrainLayer}: the linear output and DL4J's MSE
 *       score (per-step mean over features, summed over steps, divided by the batch).</li>
 *   <li>{@link dev.blip.core.model.train.Adam}: {@code ClipL2PerLayer} and libnd4j's Adam.</li>
 * </ul>
 * Supported: every {@code ModelConfig} except the bidirectional encoder, which trains with DL4J
 * ({@link dev.blip.core.model.train.TrainingEngine}). Tests compare the gradients with DL4J's and
 * with finite differences, and Adam steps with {@code net.fit}.
 */
package dev.blip.core.model.train;
