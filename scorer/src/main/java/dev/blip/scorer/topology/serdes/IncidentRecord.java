package dev.blip.scorer.topology.serdes;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * One incident as written to the {@code incidents} topic: at least {@code incident.min.keys} keys
 * of one model opened an episode in the same bucket. Written once per model and bucket, after every
 * task has closed that bucket; lists the highest-scoring keys and counts all of them. Every field is
 * documented in {@code docs/scorer.md}.
 */
@JsonPropertyOrder({"schema_version", "incident_id", "model_version", "bucket_start", "bucket_end", "key_count",
        "min_keys", "peak_score", "reasons", "top_keys"})
public record IncidentRecord(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("incident_id") String incidentId,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("bucket_start") String bucketStart,
        @JsonProperty("bucket_end") String bucketEnd,
        @JsonProperty("key_count") long keyCount,
        @JsonProperty("min_keys") int minKeys,
        @JsonProperty("peak_score") double peakScore,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("top_keys") List<TopKey> topKeys) {

    /** Version of this record's schema; raised when a field is renamed, removed or changes meaning. */
    public static final int SCHEMA_VERSION = 1;

    /** One key of the incident: its episode's {@code open} record, in short. */
    @JsonPropertyOrder({"key", "episode_id", "score", "reasons", "actual", "expected"})
    public record TopKey(
            @JsonProperty("key") String key,
            @JsonProperty("episode_id") String episodeId,
            @JsonProperty("score") double score,
            @JsonProperty("reasons") List<String> reasons,
            @JsonProperty("actual") Map<String, Double> actual,
            @JsonProperty("expected") Map<String, Double> expected) {
    }

    /** {@code <model_version>@<bucket_start>}: the same model and bucket always name the same incident. */
    public static String id(String modelVersion, String bucketStart) {
        return modelVersion + "@" + bucketStart;
    }
}
