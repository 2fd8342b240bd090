package dev.blip.core.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns a JSON record (plus the transport's record key and timestamp) into a
 * {@link ParsedRecord}, or throws {@link BadRecordException} with a reason code. The trainer's
 * Kafka and JSON-lines readers and the streaming scorer all parse through this class.
 *
 * <p>Reason codes: {@code too_large}, {@code invalid_json}, {@code not_an_object},
 * {@code missing_key}, {@code invalid_key}, {@code missing_timestamp}, {@code invalid_timestamp},
 * {@code timestamp_out_of_range}, {@code invalid_category}, {@code missing_values},
 * {@code invalid_values}.
 */
public final class RecordParser {

    /** A record with none of the fields read (never changed). */
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final EventFormat format;
    private final int features;
    private final ObjectMapper json;
    /** The fields a record may have that this format reads; every other field is skipped unread. */
    private final Set<String> read;

    /**
     * @param features expected number of values per record in counts mode (ignored for events)
     */
    public RecordParser(EventFormat format, int features) {
        this.format = format;
        this.features = features;
        this.json = JsonMapper.builder().build();
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(EventFormat.MAX_RECORD_BYTES).maxNumberLength(64).build());
        Set<String> names = new HashSet<>();
        names.add(format.keyField() == null ? "key" : format.keyField());
        names.add(format.timeField() == null ? "timestamp" : format.timeField());
        if (format.categoryField() != null) {
            names.add(format.categoryField());
        }
        if (format.counts()) {
            names.add(format.valuesField());
        }
        this.read = Set.copyOf(names);
    }

    public EventFormat format() {
        return format;
    }

    public ParsedRecord parse(String recordKey, byte[] value, long recordTimestamp) {
        if (value == null) {
            throw new BadRecordException("invalid_json", "record has no value (tombstone)");
        }
        if (value.length > EventFormat.MAX_RECORD_BYTES) {
            throw new BadRecordException("too_large", "record value is " + value.length + " bytes, limit "
                    + EventFormat.MAX_RECORD_BYTES);
        }
        JsonNode node = readFields(value);
        String key = key(recordKey, node);
        long ts = timestamp(node, recordTimestamp);
        String category = category(node);
        double[] values = format.counts() ? values(node) : null;
        return new ParsedRecord(key, ts, category, values);
    }

    /** Parses a line of text (a JSON-lines file) with no transport key or timestamp. */
    public ParsedRecord parseLine(String line) {
        return parse(null, line.getBytes(StandardCharsets.UTF_8), Long.MIN_VALUE);
    }

    /**
     * The record as a JSON object holding only the fields this format reads: one streaming pass
     * that skips every other field without building it (a repeated field keeps its last value, as
     * a whole-tree read would). A value that is not an object is read to its end, so malformed JSON
     * is {@code invalid_json} and anything else {@code not_an_object}.
     */
    private JsonNode readFields(byte[] value) {
        try (JsonParser p = json.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                throw new BadRecordException("not_an_object", "record must be a JSON object");
            }
            ObjectNode fields = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (read.contains(name)) {
                    JsonNode v = p.readValueAsTree();
                    fields = fields == null ? json.createObjectNode() : fields;
                    fields.set(name, v == null ? NullNode.getInstance() : v);
                } else {
                    p.skipChildren();
                }
            }
            return fields == null ? EMPTY : fields;
        } catch (BadRecordException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new BadRecordException("invalid_json", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new BadRecordException("invalid_json", "not valid JSON: " + e.getMessage());
        }
    }

    private String key(String recordKey, JsonNode node) {
        String key;
        if (format.keyField() == null && recordKey != null) {
            key = recordKey;
        } else {
            String field = format.keyField() == null ? "key" : format.keyField();
            JsonNode k = node.get(field);
            if (k == null || k.isNull()) {
                throw new BadRecordException("missing_key", "no record key and no '" + field + "' field");
            }
            if (!k.isTextual() && !k.isIntegralNumber()) {
                throw new BadRecordException("invalid_key", "field '" + field + "' must be a string or an integer, got " + k.getNodeType());
            }
            key = k.asText();
        }
        if (key.isEmpty() || key.length() > EventFormat.MAX_KEY_LENGTH) {
            throw new BadRecordException("invalid_key", "key must have 1 to " + EventFormat.MAX_KEY_LENGTH
                    + " characters, got " + key.length());
        }
        return key;
    }

    private long timestamp(JsonNode node, long recordTimestamp) {
        long ts;
        String field;
        if (format.timeField() == null) {
            if (recordTimestamp == Long.MIN_VALUE) {
                JsonNode t = node.get("timestamp");
                if (t == null || t.isNull()) {
                    throw new BadRecordException("missing_timestamp", "no 'timestamp' field");
                }
                ts = timeValue(t, "timestamp");
                field = "field 'timestamp'";
            } else {
                ts = recordTimestamp;
                field = "record timestamp";
            }
        } else {
            JsonNode t = node.get(format.timeField());
            if (t == null || t.isNull()) {
                throw new BadRecordException("missing_timestamp", "no '" + format.timeField() + "' field");
            }
            ts = timeValue(t, format.timeField());
            field = "field '" + format.timeField() + "'";
        }
        if (ts < EventFormat.MIN_TIMESTAMP || ts >= EventFormat.MAX_TIMESTAMP) {
            throw new BadRecordException("timestamp_out_of_range", field
                    + " must be in [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z), got " + ts + instant(ts));
        }
        return ts;
    }

    /** " (the ISO-8601 instant)" of epoch milliseconds, for messages; empty when there is none. */
    public static String instant(long epochMillis) {
        try {
            return " (" + Instant.ofEpochMilli(epochMillis) + ")";
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return "";
        }
    }

    private static long timeValue(JsonNode t, String field) {
        if (t.isIntegralNumber() && t.canConvertToLong()) {
            return t.longValue();
        }
        if (t.isTextual()) {
            String text = t.asText().trim();
            try {
                return text.chars().allMatch(Character::isDigit) && !text.isEmpty() && text.length() < 19
                        ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new BadRecordException("invalid_timestamp", "field '" + field
                        + "' must be epoch milliseconds or an ISO-8601 instant, got '" + abbreviate(text) + "'");
            }
        }
        throw new BadRecordException("invalid_timestamp", "field '" + field
                + "' must be integer epoch milliseconds or an ISO-8601 string, got " + t.getNodeType() + " " + abbreviate(t.toString()));
    }

    private String category(JsonNode node) {
        if (format.categoryField() == null) {
            return null;
        }
        JsonNode c = node.get(format.categoryField());
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isTextual() || c.asText().length() > EventFormat.MAX_KEY_LENGTH) {
            throw new BadRecordException("invalid_category", "field '" + format.categoryField()
                    + "' must be a string of at most " + EventFormat.MAX_KEY_LENGTH + " characters");
        }
        return c.asText();
    }

    private double[] values(JsonNode node) {
        JsonNode v = node.get(format.valuesField());
        if (v == null || v.isNull()) {
            throw new BadRecordException("missing_values", "no '" + format.valuesField() + "' field");
        }
        double[] out = new double[features];
        if (v.isNumber() && features == 1) {
            out[0] = v.doubleValue();
        } else if (v.isArray() && v.size() == features) {
            for (int i = 0; i < features; i++) {
                if (!v.get(i).isNumber()) {
                    throw new BadRecordException("invalid_values", "'" + format.valuesField() + "'[" + i + "] is not a number");
                }
                out[i] = v.get(i).doubleValue();
            }
        } else {
            throw new BadRecordException("invalid_values", "'" + format.valuesField() + "' must be "
                    + (features == 1 ? "a number or " : "") + "an array of " + features + " numbers");
        }
        for (int i = 0; i < features; i++) {
            if (!Double.isFinite(out[i]) || out[i] < 0) {
                throw new BadRecordException("invalid_values", "'" + format.valuesField() + "'[" + i
                        + "] must be a finite count >= 0, got " + out[i]);
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
