/**
 * Events become counts per key per fixed, epoch-aligned interval. {@link dev.blip.core.bucket.KeyBuckets}
 * is the one bucketing implementation: one key's open buckets, closing in order, zeros for silent
 * buckets, refused counts that would overflow. The trainer's {@link dev.blip.core.bucket.Bucketer} runs
 * every key of a history through it; the scorer keeps one per key between events. Already-aggregated
 * series are put on the same grid ({@link dev.blip.core.bucket.SeriesResampler}). Everything downstream
 * sees a {@link dev.blip.core.bucket.CountSeries}: a dense matrix of {@code buckets x features} in which
 * an empty bucket is an explicit zero.
 */
package dev.blip.core.bucket;
