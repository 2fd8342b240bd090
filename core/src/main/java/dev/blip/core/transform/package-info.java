/**
 * Differencing and normalisation, one small class per transform behind
 * {@link dev.blip.core.transform.Transform}, selected by {@link dev.blip.core.transform.TransformKind}
 * and saved as {@link dev.blip.core.transform.TransformSpec}. Transforms are immutable; per-key
 * memory (the previous bucket, a key's running mean) lives in a caller-owned {@code double[]},
 * so the trainer and the streaming scorer evolve it identically. Every transform is affine per
 * bucket, which makes the inverse exact: the pipeline returns {@code (scale, offset)} per bucket.
 */
package dev.blip.core.transform;
