/**
 * Offline detection and its evaluation. {@link dev.blip.trainer.evaluate.OfflineDetector} scores a
 * series through core's {@code WindowAssembler} and {@code WindowScorer} (the streaming path) and
 * maps window scores back to input rows; {@link dev.blip.trainer.evaluate.DetectionCsv} is the
 * fixed output format. Evaluation counts point-wise and event-wise hits and computes a NAB-style
 * score ({@link dev.blip.trainer.evaluate.NabScore}, our implementation of the published rules)
 * for the model and for {@link dev.blip.trainer.evaluate.ZScoreBaseline}; thresholds always come
 * from the training prefix, never from the part that is reported.
 */
package dev.blip.trainer.evaluate;
