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
 * One incident record of the scorer's incidents topic (schema in {@code docs/scorer.md}): at least
 * {@code min_keys} keys of one model opened an episode in the same bucket. {@link #parse} checks the
 * fields the sink uses and refuses anything else with a reason; unknown fields are ignored.
 *
 * @param topKeys the highest-scoring keys, highest first (at most 100)
 */
public record Incident(String id, String modelVersion, Instant bucketStart, Instant bucketEnd, long keyCount,
                       double peakScore, List<String> reasons, List<TopKey> topKeys) {

    /** The schema version this sink reads. */
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder().disable(
            com.fasterxml.jackson.core.StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    /** One listed key; {@code actual} and {@code expected} may be null. */
    public record TopKey(String key, double score, Map<String, Double> actual, Map<String, Double> expected) {
    }

    /** Whether the episode is one this incident groups: same model, opened in the incident's bucket. */
    public boolean covers(Episode e) {
        return e.modelVersion().equals(modelVersion) && e.startedAt().equals(bucketStart);
    }

    /** @throws Episode.InvalidEpisode naming the field and the rule */
    public static Incident parse(byte[] value) throws Episode.InvalidEpisode {
        JsonNode n;
        try (JsonParser p = JSON.createParser(value == null ? new byte[0] : value)) {
            n = JSON.readTree(p);
        } catch (IOException e) {
            throw new Episode.InvalidEpisode("not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new Episode.InvalidEpisode("not a JSON object");
        }
        if (!n.path("schema_version").isIntegralNumber() || n.path("schema_version").asInt() != SCHEMA_VERSION) {
            throw new Episode.InvalidEpisode("schema_version must be " + SCHEMA_VERSION + ", got " + n.path("schema_version"));
        }
        JsonNode count = n.path("key_count");
        if (!count.isIntegralNumber() || count.asLong() < 1) {
            throw new Episode.InvalidEpisode("key_count must be a positive integer");
        }
        double peak = score(n.path("peak_score"), "peak_score");
        JsonNode top = n.path("top_keys");
        if (!top.isArray() || top.isEmpty() || top.size() > 100) {
            throw new Episode.InvalidEpisode("top_keys must be an array of 1-100 keys");
        }
        List<TopKey> keys = new ArrayList<>();
        for (JsonNode k : top) {
            keys.add(new TopKey(text(k, "key"), score(k.path("score"), "top_keys.score"), counts(k.path("actual")),
                    counts(k.path("expected"))));
        }
        return new Incident(text(n, "incident_id"), text(n, "model_version"), instant(n, "bucket_start"),
                instant(n, "bucket_end"), count.asLong(), peak, reasons(n.path("reasons")), List.copyOf(keys));
    }

    private static double score(JsonNode v, String field) throws Episode.InvalidEpisode {
        if (!v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() <= 1)) {
            throw new Episode.InvalidEpisode(field + " must be a number in [0, 1], got " + v);
        }
        return v.asDouble();
    }

    private static List<String> reasons(JsonNode rs) throws Episode.InvalidEpisode {
        if (!rs.isArray() || rs.size() > 16) {
            throw new Episode.InvalidEpisode("reasons must be an array of at most 16 strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode r : rs) {
            if (!r.isTextual() || r.asText().isEmpty() || r.asText().length() > 64) {
                throw new Episode.InvalidEpisode("reasons must hold strings of 1-64 characters");
            }
            out.add(r.asText());
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode n, String field) throws Episode.InvalidEpisode {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > 2048) {
            throw new Episode.InvalidEpisode(field + " must be a string of 1-2048 characters");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) throws Episode.InvalidEpisode {
        String t = text(n, field);
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new Episode.InvalidEpisode(field + " must be an ISO-8601 instant");
        }
    }

    private static Map<String, Double> counts(JsonNode v) throws Episode.InvalidEpisode {
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isObject() || v.size() > 256) {
            throw new Episode.InvalidEpisode("counts must be an object of at most 256 feature counts");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) v::fields) {
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
                throw new Episode.InvalidEpisode("counts." + e.getKey() + " must be a number");
            }
            out.put(e.getKey(), e.getValue().asDouble());
        }
        return out;
    }
}
