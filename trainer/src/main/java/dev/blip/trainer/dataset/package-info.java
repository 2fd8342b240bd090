/**
 * Training and scoring inputs: series files ({@code timestamp,value[,...]}, resampled with the
 * core {@code SeriesResampler}), event files (CSV or JSON Lines) and a Kafka topic's history.
 * Every reader fails with an {@link dev.blip.trainer.dataset.InputException} naming the source,
 * the line (or partition and offset), the rule and the value; nothing here buckets, differences or
 * windows data itself, that is core's job.
 */
package dev.blip.trainer.dataset;
