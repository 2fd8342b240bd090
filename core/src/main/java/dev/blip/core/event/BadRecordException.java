package dev.blip.core.event;

/**
 * A record that cannot become an event. {@link #reason()} is a short, stable, low-cardinality
 * code (used as a metric tag and a dead-letter header); the message explains it to a person.
 */
public class BadRecordException extends RuntimeException {

    private final String reason;

    public BadRecordException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
