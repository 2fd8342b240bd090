/**
 * Per-key post-processing of the model's raw errors: the likelihood, instantaneous and range
 * signals, their combined score, and episodes (one report when an anomaly starts, one when it
 * ends). {@link dev.blip.core.detect.Detector} is the one implementation, called by the trainer's
 * offline {@code detect} and by the streaming scorer; per-key memory is a constant-size
 * {@link dev.blip.core.detect.DetectorState}.
 */
package dev.blip.core.detect;
