package dev.blip.core.event;

import java.util.Objects;

/**
 * One observed event: which key it belongs to, when it happened (epoch milliseconds) and an
 * optional category. Categories become extra count features next to the total.
 */
public record Event(String key, long timestampMillis, String category) {

    public Event {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("event key must not be empty");
        }
    }

    public Event(String key, long timestampMillis) {
        this(key, timestampMillis, null);
    }
}
