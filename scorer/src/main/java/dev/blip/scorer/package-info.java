/**
 * The streaming scorer: Kafka Streams reads events, keeps per-key buckets and windows, scores
 * them in batches with core's {@code WindowScorer}, and writes anomalies. Packages follow the
 * data: {@code config} → {@code topology} (processors, serdes) → {@code model} → {@code metrics}
 * → {@code http} → {@code app}.
 */
package dev.blip.scorer;
