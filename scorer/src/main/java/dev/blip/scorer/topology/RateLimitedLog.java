package dev.blip.scorer.topology;

import dev.blip.core.io.LogText;
import org.slf4j.Logger;

/**
 * Logs at most one line per period and says how many were suppressed in between (late-event
 * floods). Text arguments (record keys) are escaped, so a key cannot forge a log line.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long periodNanos;
    private long lastNanos;
    private long suppressed;
    private boolean first = true;

    RateLimitedLog(Logger log, java.time.Duration period) {
        this.log = log;
        this.periodNanos = period.toNanos();
    }

    void warn(String format, Object... args) {
        long now = System.nanoTime();
        if (!first && now - lastNanos < periodNanos) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            log.warn("({} similar messages suppressed)", suppressed);
        }
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            safe[i] = args[i] instanceof CharSequence text ? LogText.escape(text.toString()) : args[i];
        }
        log.warn(format, safe);
        first = false;
        lastNanos = now;
        suppressed = 0;
    }
}
