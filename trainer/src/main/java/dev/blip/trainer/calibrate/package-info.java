/**
 * Threshold calibration on the validation split (never on data that results are reported on).
 * The arithmetic lives in core's {@code Calibrator}; this package chooses the rule and feeds it
 * validation errors produced by the same scorer the stream uses.
 */
package dev.blip.trainer.calibrate;
