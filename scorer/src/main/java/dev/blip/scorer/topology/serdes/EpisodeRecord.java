package dev.blip.scorer.topology.serdes;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * One report of an anomaly episode as written to the {@code anomalies} topic: {@code open} when
 * the key's first anomalous bucket opens it, {@code closed} when it ends. Nothing is written for
 * the anomalous buckets in between. Every field and its unit is documented in
 * {@code docs/scorer.md}.
 */
@JsonPropertyOrder({"schema_version", "episode_id", "state", "key", "started_at", "ended_at", "duration_seconds",
        "anomalous_buckets", "peak_score", "peak_at", "actual", "expected", "expected_low", "expected_high", "reasons",
        "closed_by", "model_version"})
public record EpisodeRecord(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("episode_id") String episodeId,
        @JsonProperty("state") String state,
        @JsonProperty("key") String key,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("ended_at") String endedAt,
        @JsonProperty("duration_seconds") Long durationSeconds,
        @JsonProperty("anomalous_buckets") int anomalousBuckets,
        @JsonProperty("peak_score") double peakScore,
        @JsonProperty("peak_at") String peakAt,
        @JsonProperty("actual") Map<String, Double> actual,
        @JsonProperty("expected") Map<String, Double> expected,
        @JsonProperty("expected_low") Map<String, Double> expectedLow,
        @JsonProperty("expected_high") Map<String, Double> expectedHigh,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("closed_by") String closedBy,
        @JsonProperty("model_version") String modelVersion) {

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";
    /** {@code closed_by}: the configured number of normal buckets followed the last anomalous one. */
    public static final String CLOSED_QUIET = "quiet";
    /** {@code closed_by}: the model changed; the key's detector starts afresh with the new one. */
    public static final String CLOSED_MODEL_CHANGE = "model_change";
    /** {@code closed_by}: the key was silent for longer than the key TTL and its state was deleted. */
    public static final String CLOSED_KEY_EVICTED = "key_evicted";

    public boolean open() {
        return OPEN.equals(state);
    }
}
