/**
 * Metrics: {@link dev.blip.scorer.metrics.ScorerMetrics} is the one binder for the scorer's own
 * meters (Micrometer, rendered for Prometheus as {@code blip_events_consumed_total},
 * {@code blip_scoring_latency_seconds_bucket}, ...). Kafka Streams' client metrics and the JVM
 * binders are bound next to it by the application and closed on shutdown. No meter is tagged
 * with a record key: keys are unbounded, tags must not be.
 */
package dev.blip.scorer.metrics;
