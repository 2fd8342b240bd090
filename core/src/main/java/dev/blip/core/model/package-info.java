/**
 * The encoder-decoder LSTM ({@link dev.blip.core.model.AutoencoderFactory}) and batched inference
 * behind {@link dev.blip.core.model.ReconstructionModel}. Training lives in the trainer module;
 * this package only defines the network and runs it forward.
 *
 * <p>ND4J threads: set {@code OMP_NUM_THREADS=1}. With its default (one OpenMP thread per core)
 * the small GEMMs of an LSTM step spend most of their time spin-waiting, 2-3x slower on 2 cores.
 */
package dev.blip.core.model;
