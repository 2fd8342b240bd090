package dev.blip.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * When open episodes are posted again: one interval after the last successful post that carried
 * them all. Each post keeps an open alert active for four intervals, so three re-posts in a row may
 * fail before Alertmanager resolves it by itself.
 */
final class RepostSchedule {

    private final Duration interval;
    private Instant next;

    RepostSchedule(Duration interval, Instant start) {
        this.interval = interval;
        this.next = start.plus(interval);
    }

    boolean due(Instant now) {
        return !now.isBefore(next);
    }

    /** Every open episode was just posted. */
    void posted(Instant now) {
        next = now.plus(interval);
    }

    /** Time until the next re-post is due (zero when due). */
    Duration until(Instant now) {
        return due(now) ? Duration.ZERO : Duration.between(now, next);
    }
}
