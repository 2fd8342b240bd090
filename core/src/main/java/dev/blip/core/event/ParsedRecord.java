package dev.blip.core.event;

/**
 * One parsed input record: an event, or (pre-aggregated mode) a count vector for a key and time.
 * For an event, {@code values} is null.
 */
public record ParsedRecord(String key, long timestampMillis, String category, double[] values) {

    public Event event() {
        return new Event(key, timestampMillis, category);
    }
}
