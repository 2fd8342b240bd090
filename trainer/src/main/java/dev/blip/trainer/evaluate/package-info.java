/**
 * Offline detection and its evaluation. {@link dev.blip.trainer.evaluate.OfflineDetector} scores a
 * series through core's {@code WindowAssembler} and {@code WindowScorer} (the streaming path) and
 * maps window scores back to input rows; {@link dev.blip.trainer.evaluate.DetectionCsv} is the
 * fixed output format. Evaluation counts point-wise and event-wise hits at each detector's own
 * threshold (from the training prefix) and computes the NAB score
 * ({@link dev.blip.trainer.evaluate.NabScore}: NAB's rules, profiles and corpus-wide threshold
 * sweep) for the model, {@link dev.blip.trainer.evaluate.ZScoreBaseline} and extra score columns.
 */
package dev.blip.trainer.evaluate;
