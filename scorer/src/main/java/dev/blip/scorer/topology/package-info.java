/**
 * The Kafka Streams topology: raw records in; per-bucket verdicts (scores), episode records
 * (anomalies), incident records (see the {@code incident} package) and dead letters out.
 *
 * <h2>State</h2>
 * Two entries per key ({@link dev.blip.scorer.topology.KeyStore}): its open buckets (core's
 * {@link dev.blip.core.bucket.KeyBuckets}, the only entry an event touches, kept decoded per task
 * and written to its logged store once per commit, see {@link dev.blip.scorer.topology.OpenBuckets}; a
 * close takes its buckets over but does not rewrite it: buckets the key has closed are skipped by
 * the next close and dropped by the key's next event, so a close writes one entry per key, not two) and
 * its {@link dev.blip.scorer.state.KeyState} (core's {@link dev.blip.core.window.KeyWindowState}:
 * transform state and the ring of the last T transformed buckets, and core's
 * {@link dev.blip.core.detect.DetectorState}: likelihood statistics, seen range, open episode),
 * read and written only when buckets close. Closing a bucket is exactly
 * {@code KeyBuckets.close} and {@code WindowAssembler.push(...)} and judging a scored bucket exactly
 * {@code Detector.step(...)}, the calls the trainer's offline {@code detect} makes for every bucket
 * of a series, in order; silent intervals are pushed as zero buckets. That is why streaming and
 * offline verdicts and episodes agree (parity test). A third store holds the task's clock
 * ({@link dev.blip.scorer.topology.TaskClock}).
 *
 * <h2>Time, closing and lateness</h2>
 * The task's watermark is the newest valid event time it has seen (persisted, so it survives
 * restarts and rebalances). A bucket {@code [b, b+I)} is <em>sealed</em> once the watermark
 * reaches {@code b + I + grace}: from then on events for it are counted as late and dropped,
 * whether or not the bucket has been physically closed yet. Closing materialises sealed buckets
 * for every key of the task, in order, once each:
 * <ul>
 *   <li>The STREAM_TIME punctuator (every tenth of an interval, at most 30 s, of stream time)
 *       closes all sealed buckets. Because sealing depends only on the events, the outputs are a
 *       function of the input: a restart or a rebalance produces the same anomalies.</li>
 *   <li>Stream time stops when a partition goes quiet, and an outage is exactly what users need
 *       to hear about. The WALL_CLOCK_TIME punctuator (on by default) extrapolates the watermark
 *       by the wall-clock time elapsed since it last advanced and closes the buckets that are
 *       overdue by more than the grace period under that extrapolation, with zero counts for the
 *       silence.</li>
 * </ul>
 * A punctuation closes at most {@code close.budget} buckets; the rest of a larger close (a jump of
 * event time) follows in later punctuations, from a catch-up punctuator every 100 ms of wall-clock
 * time, so no transaction waits on the whole backlog.
 * Both punctuators go through the same code; the task remembers the last bucket closed (and each
 * key its own), so no bucket is closed twice, and an event for a bucket closed by either trigger
 * is late (counted in {@code blip.events.late}, logged at a limited rate, dropped). A wall-clock
 * close seals buckets early; after a pause longer than the grace period, events that arrive late
 * for those buckets are dropped, which is the price of hearing about silence.
 * Replaying history with the wall-clock close on is safe: the extrapolation starts from the
 * replayed event times, not from today.
 *
 * <h2>Batching</h2>
 * A punctuation works through the task's keys in chunks of a couple of thousand keys: all windows
 * of a chunk go to one {@code WindowScorer.score} call (which splits them into model calls of at
 * most {@code max.batch} windows), never one call per record. Each key's detector then steps over
 * its scored buckets in bucket order, and the chunk's key states are written only after that, in
 * the same transaction as the outputs. Only a chunk's states, windows and verdicts are held at a
 * time (holding every key's at once, a 10^5-key bench run spent 16.5 of 214 s in collector pauses). Keys silent for
 * longer than the TTL are deleted instead of being filled with zeros (an open episode is closed
 * first).
 *
 * <h2>Bad input</h2>
 * The source reads raw bytes, so deserialisation cannot fail inside Kafka Streams; the processor
 * parses with core's {@link dev.blip.core.event.RecordParser} and forwards anything unusable,
 * unchanged, to the dead-letter sink with reason headers. Being an ordinary sink, it is part of
 * the exactly-once transaction. Events more than a day ahead of the scorer's clock are refused as
 * {@code timestamp_in_future}: one such event would otherwise seal every key's buckets. A record
 * key is decoded as strict UTF-8 ({@code RecordKeys}): malformed bytes are
 * {@code invalid_key}, not merged into one U+FFFD key. The
 * {@link dev.blip.scorer.topology.LenientTimestampExtractor} never returns a record timestamp outside
 * [2000, 2100) or more than a day ahead of the clock (Kafka Streams' stream time, and with it the
 * STREAM_TIME punctuation schedule, follows what it returns); it returns the partition time and
 * marks the record, which the processor dead-letters. Dead letters are bounded in size
 * ({@link dev.blip.scorer.topology.serdes.DeadLetters}) so that a huge input record cannot make its
 * copy unwritable; {@link dev.blip.scorer.topology.OutputTooLargeHandler} deals with what Kafka
 * still refuses as too large.
 *
 * <h2>Model swaps</h2>
 * The processor reads the {@link dev.blip.scorer.model.ModelHolder} at the start of each
 * punctuation (and record), so a new model is used from the next batch on. A key whose window
 * state was built for a model with different features, window length or preprocessing is reset
 * and warms up again; every model change restarts each key's detector state (after closing an
 * open episode).
 */
package dev.blip.scorer.topology;
