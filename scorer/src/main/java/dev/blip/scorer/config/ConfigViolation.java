package dev.blip.scorer.config;

import dev.blip.core.io.LogText;

/**
 * One broken configuration rule.
 *
 * @param key   the key as the user wrote it (environment variable or properties key)
 * @param rule  what the value must satisfy
 * @param value what it was (never a secret: pass-through Kafka values are not echoed)
 */
public record ConfigViolation(String key, String rule, String value) {

    @Override
    public String toString() {
        return key + ": " + rule + " (got " + (value == null ? "nothing" : "'" + LogText.escape(value) + "'") + ")";
    }
}
