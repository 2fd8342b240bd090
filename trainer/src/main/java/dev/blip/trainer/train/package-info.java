/**
 * Training: {@link dev.blip.trainer.train.Trainer#train} splits every series by time
 * ({@link dev.blip.trainer.train.TrainingData}), fits the core autoencoder with mini-batch Adam and
 * early stopping, checks it against naive reconstructions ({@link dev.blip.trainer.train.UnderfitCheck}),
 * calibrates on validation and packages an in-memory bundle. Windows come from core's
 * {@code WindowAssembler}, never from code here, so training inputs equal scoring inputs.
 * Reproducibility: seeds come from the options and the creation time from an injected {@code Clock}.
 */
package dev.blip.trainer.train;
