package dev.blip.alerts;

import java.time.Duration;

/** Exponential backoff: {@code initial}, doubling per failure, at most {@code max}; {@link #reset} after a success. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The wait before the next attempt; doubles the one after. */
    Duration next() {
        Duration d = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return d.compareTo(max) > 0 ? max : d;
    }

    void reset() {
        next = initial;
    }
}
