package dev.blip.trainer.evaluate;

/**
 * Per input row: the anomaly score in [0, 1] of the window ending at the row's bucket (0 before
 * the first full window), the verdict, and the expected value of the first feature (NaN before
 * the first full window).
 *
 * @param scoreThreshold the model's raw threshold mapped into the [0, 1] score space (for plots)
 */
public record Detection(double[] score, boolean[] anomaly, double[] expected, double scoreThreshold) {
}
