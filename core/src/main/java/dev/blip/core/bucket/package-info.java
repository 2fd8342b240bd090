/**
 * Events become counts per key per fixed, epoch-aligned interval ({@link dev.blip.core.bucket.Bucketer});
 * already-aggregated series are put on the same grid ({@link dev.blip.core.bucket.SeriesResampler}).
 * Everything downstream sees a {@link dev.blip.core.bucket.CountSeries}: a dense matrix of
 * {@code buckets x features} in which an empty bucket is an explicit zero.
 */
package dev.blip.core.bucket;
