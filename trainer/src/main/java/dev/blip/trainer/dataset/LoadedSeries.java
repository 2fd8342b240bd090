package dev.blip.trainer.dataset;

import dev.blip.core.bucket.CountSeries;

import java.util.List;

/**
 * A series file on the bucket grid, remembering which bucket every input row landed in so
 * that {@code detect} can write exactly one output row per input row.
 *
 * @param table     the rows as read
 * @param series    the resampled series (key = the file's path relative to the input root)
 * @param rowBucket for every row, the index of its bucket in {@code series}
 * @param warnings  what resampling had to do (shared buckets, out-of-order rows, filled gaps)
 */
public record LoadedSeries(SeriesTable table, CountSeries series, int[] rowBucket, List<String> warnings) {
}
