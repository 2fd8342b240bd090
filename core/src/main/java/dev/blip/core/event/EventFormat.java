package dev.blip.core.event;

/**
 * Where the parts of an event are in a JSON record.
 *
 * @param keyField      JSON field holding the key; null means the record key is the key (and,
 *                      if the record has none, the field {@code key})
 * @param timeField     JSON field holding the event time (epoch milliseconds, or an ISO-8601
 *                      instant string); null means the record timestamp
 * @param categoryField JSON field holding the category; null means no categories
 * @param valuesField   for pre-aggregated counts: field holding a number or an array of numbers;
 *                      null means the record is one event
 */
public record EventFormat(String keyField, String timeField, String categoryField, String valuesField) {

    /** Earliest accepted event time: 2000-01-01T00:00:00Z. */
    public static final long MIN_TIMESTAMP = 946_684_800_000L;
    /** Latest accepted event time (exclusive): 2100-01-01T00:00:00Z. */
    public static final long MAX_TIMESTAMP = 4_102_444_800_000L;
    /** Longest accepted key, in characters. */
    public static final int MAX_KEY_LENGTH = 1024;
    /** Longest accepted record value, in bytes. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    /** Events keyed by the record key and timed by the record timestamp. */
    public static EventFormat defaults() {
        return new EventFormat(null, null, null, null);
    }

    public boolean counts() {
        return valuesField != null;
    }
}
