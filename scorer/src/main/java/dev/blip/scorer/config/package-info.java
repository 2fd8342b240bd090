/**
 * Configuration: one immutable {@link dev.blip.scorer.config.ScorerConfig} built once at start
 * by {@link dev.blip.scorer.config.ConfigLoader} from the environment ({@code BLIP_*}) and an
 * optional properties file (same keys in dotted lower case, e.g. {@code input.topic}); the
 * environment wins. Validation collects every violation (key, rule, value) before failing, so
 * a broken deployment is fixed in one round. Kafka client settings pass through untouched
 * ({@code BLIP_KAFKA_SECURITY_PROTOCOL} / {@code kafka.security.protocol}), which is how SASL_SSL
 * and every other client feature work without code. {@link dev.blip.scorer.config.Setting} is the
 * one list of settings and defaults (documented in {@code docs/scorer.md}).
 */
package dev.blip.scorer.config;
