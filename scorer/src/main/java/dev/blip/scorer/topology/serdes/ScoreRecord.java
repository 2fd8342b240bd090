package dev.blip.scorer.topology.serdes;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * The verdict on one scored bucket of one key as written to the {@code scores} topic (JSON, snake
 * case, ISO-8601 UTC times). Every field and its unit is documented in {@code docs/scorer.md};
 * adding fields is compatible, renaming or removing them is not ({@code schema_version} changes
 * when a field changes meaning).
 */
@JsonPropertyOrder({"schema_version", "key", "bucket_start", "bucket_end", "window_start", "anomaly_score", "is_anomaly",
        "threshold", "reasons", "likelihood", "instantaneous", "range", "raw_error", "raw_threshold", "model_version",
        "actual", "expected", "expected_low", "expected_high", "top_features", "top_steps"})
public record ScoreRecord(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("key") String key,
        @JsonProperty("bucket_start") String bucketStart,
        @JsonProperty("bucket_end") String bucketEnd,
        @JsonProperty("window_start") String windowStart,
        @JsonProperty("anomaly_score") double anomalyScore,
        @JsonProperty("is_anomaly") boolean isAnomaly,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("likelihood") double likelihood,
        @JsonProperty("instantaneous") double instantaneous,
        @JsonProperty("range") boolean range,
        @JsonProperty("raw_error") double rawError,
        @JsonProperty("raw_threshold") double rawThreshold,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("actual") Map<String, Double> actual,
        @JsonProperty("expected") Map<String, Double> expected,
        @JsonProperty("expected_low") Map<String, Double> expectedLow,
        @JsonProperty("expected_high") Map<String, Double> expectedHigh,
        @JsonProperty("top_features") List<FeatureError> topFeatures,
        @JsonProperty("top_steps") List<StepError> topSteps) {

    /** Version of this schema and of {@link EpisodeRecord}'s. */
    public static final int SCHEMA_VERSION = 2;

    /** A feature and its squared error in the scored bucket(s). */
    public record FeatureError(@JsonProperty("feature") String feature, @JsonProperty("error") double error) {
    }

    /** A time step (by its bucket start) and its mean squared error over the channels. */
    public record StepError(@JsonProperty("bucket_start") String bucketStart, @JsonProperty("error") double error) {
    }
}
