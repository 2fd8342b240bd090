/**
 * Model lifecycle. {@link dev.blip.scorer.model.ModelHolder} holds the serving bundle in an
 * {@code AtomicReference}; the topology reads it at the start of each punctuation, so a swap
 * lands between batches. {@link dev.blip.scorer.model.ModelWatcher} polls the bundle path, loads
 * and validates a changed file off the stream threads ({@code BundleIO.load} refuses corrupt,
 * truncated, tampered or incompatible bundles) and swaps only a valid one; the bucket interval
 * may not change while running. {@link dev.blip.scorer.model.ServingModel#stateSignature()} tells
 * the topology which per-key states were built for a differently shaped model (they are reset).
 */
package dev.blip.scorer.model;
