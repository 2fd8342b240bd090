package dev.blip.alerts;

import org.slf4j.Logger;

import java.time.Duration;

/** At most {@code limit} warnings per period, so a flood of bad records cannot flood the log. */
final class RateLimitedLog {

    private final Logger log;
    private final long periodNanos;
    private final int limit;
    private long periodStart = System.nanoTime();
    private int count;
    private int suppressed;

    RateLimitedLog(Logger log, Duration period, int limit) {
        this.log = log;
        this.periodNanos = period.toNanos();
        this.limit = limit;
    }

    void warn(String format, Object... args) {
        long now = System.nanoTime();
        if (now - periodStart > periodNanos) {
            if (suppressed > 0) {
                log.warn("{} similar warnings suppressed", suppressed);
            }
            periodStart = now;
            count = 0;
            suppressed = 0;
        }
        if (++count > limit) {
            suppressed++;
            return;
        }
        Object[] escaped = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            escaped[i] = args[i] instanceof String s ? escape(s) : args[i];
        }
        log.warn(format, escaped);
    }

    /** Control characters escaped and long text cut, so record content cannot forge log lines. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && i < 256; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 256 ? b + "..." : b.toString();
    }
}
