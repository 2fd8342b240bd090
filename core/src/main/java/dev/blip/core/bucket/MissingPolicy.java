package dev.blip.core.bucket;

/**
 * How {@link SeriesResampler} fills a bucket that received no rows.
 * <ul>
 *   <li>{@link #ZERO}: nothing happened. Right for event counts (the default).</li>
 *   <li>{@link #PREVIOUS}: carry the last observed value forward. Right for gauges sampled
 *       irregularly (CPU, latency).</li>
 *   <li>{@link #LINEAR}: interpolate between the neighbouring observed buckets; leading gaps
 *       take the first observed value.</li>
 * </ul>
 * With ZERO, rows that share a bucket are summed (they are counts); with the gauge policies they
 * are averaged.
 */
public enum MissingPolicy {
    ZERO, PREVIOUS, LINEAR
}
