/**
 * Wiring only: {@link dev.blip.scorer.app.ScorerMain} reads the configuration, and
 * {@link dev.blip.scorer.app.ScorerApp} connects the model, the topology, Kafka Streams, metrics
 * and HTTP, and shuts them down in order on SIGTERM (a JVM shutdown hook closes Kafka Streams
 * with a 30 s timeout, so the open transaction commits or aborts cleanly, then the watcher, the
 * HTTP server and the meters). Stream-thread failures go to
 * {@link dev.blip.scorer.app.ScorerExceptionHandler}.
 */
package dev.blip.scorer.app;
