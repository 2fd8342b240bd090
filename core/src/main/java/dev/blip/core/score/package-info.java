/**
 * Reconstruction error, anomaly score and verdict. {@link dev.blip.core.score.Calibrator} fits a
 * {@link dev.blip.core.score.Calibration} on validation windows (never on reported data);
 * {@link dev.blip.core.score.WindowScorer} applies it to batches of windows for the trainer and
 * the scorer alike.
 */
package dev.blip.core.score;
