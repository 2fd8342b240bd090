package dev.blip.alerts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One episode record of the scorer's anomalies topic (schema in {@code docs/scorer.md}), read
 * field by field and checked: {@link #parse} refuses anything else with a reason, never a crash.
 * Only the fields the alerts use are read; unknown fields are ignored (adding fields is a compatible
 * change of the schema).
 *
 * @param endedAt null while open
 * @param expectedLow null when the bundle has no band (as is {@code expectedHigh})
 */
public record Episode(String id, boolean open, String key, Instant startedAt, Instant endedAt, double peakScore,
                      Instant peakAt, Map<String, Double> actual, Map<String, Double> expected,
                      Map<String, Double> expectedLow, Map<String, Double> expectedHigh, List<String> reasons,
                      String closedBy, String modelVersion) {

    /** The schema versions this sink reads. */
    public static final int SCHEMA_VERSION = 2;
    private static final int MAX_TEXT = 1024;
    private static final int MAX_FEATURES = 256;
    private static final ObjectMapper JSON = JsonMapper.builder().disable(
            com.fasterxml.jackson.core.StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    /** A record that is not a valid episode record; the message says which field and why. */
    public static final class InvalidEpisode extends Exception {
        InvalidEpisode(String message) {
            super(message);
        }
    }

    /** @throws InvalidEpisode naming the field and the rule */
    public static Episode parse(byte[] value) throws InvalidEpisode {
        if (value == null) {
            throw new InvalidEpisode("no value (tombstone)");
        }
        JsonNode n;
        try (JsonParser p = JSON.createParser(value)) {
            n = JSON.readTree(p);
            if (p.nextToken() != null) {
                throw new InvalidEpisode("not a JSON object: trailing content");
            }
        } catch (IOException e) {
            throw new InvalidEpisode("not JSON: " + firstLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new InvalidEpisode("not a JSON object");
        }
        int version = n.path("schema_version").asInt(-1);
        if (!n.path("schema_version").isIntegralNumber() || version != SCHEMA_VERSION) {
            throw new InvalidEpisode("schema_version must be " + SCHEMA_VERSION + ", got " + n.path("schema_version"));
        }
        String state = text(n, "state", true);
        if (!state.equals("open") && !state.equals("closed")) {
            throw new InvalidEpisode("state must be open or closed, got " + state);
        }
        boolean open = state.equals("open");
        Instant started = instant(n, "started_at", true);
        Instant ended = instant(n, "ended_at", !open);
        if (ended != null && ended.isBefore(started)) {
            throw new InvalidEpisode("ended_at is before started_at");
        }
        JsonNode score = n.path("peak_score");
        if (!score.isNumber() || !(score.asDouble() >= 0 && score.asDouble() <= 1)) {
            throw new InvalidEpisode("peak_score must be a number in [0, 1], got " + score);
        }
        List<String> reasons = new ArrayList<>();
        JsonNode rs = n.path("reasons");
        if (!rs.isArray() || rs.size() > 16) {
            throw new InvalidEpisode("reasons must be an array of at most 16 strings");
        }
        for (JsonNode r : rs) {
            if (!r.isTextual() || r.asText().isEmpty() || r.asText().length() > 64) {
                throw new InvalidEpisode("reasons must hold strings of 1-64 characters");
            }
            reasons.add(r.asText());
        }
        return new Episode(text(n, "episode_id", true), open, text(n, "key", true), started, ended, score.asDouble(),
                instant(n, "peak_at", false), counts(n, "actual"), counts(n, "expected"), counts(n, "expected_low"),
                counts(n, "expected_high"), List.copyOf(reasons), open ? null : text(n, "closed_by", false),
                text(n, "model_version", true));
    }

    private static String text(JsonNode n, String field, boolean required) throws InvalidEpisode {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                throw new InvalidEpisode(field + " is missing");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > MAX_TEXT * 2) {
            throw new InvalidEpisode(field + " must be a string of 1-" + MAX_TEXT * 2 + " characters");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field, boolean required) throws InvalidEpisode {
        String t = text(n, field, required);
        if (t == null) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new InvalidEpisode(field + " must be an ISO-8601 instant, got '" + t.substring(0, Math.min(t.length(), 64)) + "'");
        }
    }

    /** Feature → count, or null when absent or null. */
    private static Map<String, Double> counts(JsonNode n, String field) throws InvalidEpisode {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isObject() || v.size() > MAX_FEATURES) {
            throw new InvalidEpisode(field + " must be an object of at most " + MAX_FEATURES + " feature counts");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) v::fields) {
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
                throw new InvalidEpisode(field + "." + e.getKey() + " must be a number");
            }
            out.put(e.getKey(), e.getValue().asDouble());
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
