/**
 * What the scorer keeps per key for its model, and its saved form: {@link dev.blip.scorer.state.KeyState}
 * (closed position, window state, detector state), {@link dev.blip.scorer.state.KeyStates} (the per-key
 * logic for one serving model: counting, closing through core's bucketing and window assembler, stepping
 * the detector, TTL and reset policy) and {@link dev.blip.scorer.state.KeyStateCodec} (versioned by a
 * format byte; every earlier format is still read, each with a golden fixture in the tests). The open
 * buckets every event rewrites are core's {@link dev.blip.core.bucket.KeyBuckets}, saved in their own
 * format.
 */
package dev.blip.scorer.state;
