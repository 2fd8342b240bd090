package dev.blip.scorer.topology.serdes;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * One scored window as written to the {@code anomalies} and {@code scores} topics (JSON, snake
 * case, ISO-8601 UTC times). The schema is documented with an example in {@code docs/scorer.md};
 * adding fields is compatible, renaming or removing them is not.
 */
@JsonPropertyOrder({"key", "bucket_start", "bucket_end", "window_start", "anomaly_score", "raw_error", "threshold",
        "is_anomaly", "model_version", "actual", "expected", "top_features", "top_steps"})
public record ScoreRecord(
        @JsonProperty("key") String key,
        @JsonProperty("bucket_start") String bucketStart,
        @JsonProperty("bucket_end") String bucketEnd,
        @JsonProperty("window_start") String windowStart,
        @JsonProperty("anomaly_score") double anomalyScore,
        @JsonProperty("raw_error") double rawError,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("is_anomaly") boolean isAnomaly,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("actual") Map<String, Double> actual,
        @JsonProperty("expected") Map<String, Double> expected,
        @JsonProperty("top_features") List<FeatureError> topFeatures,
        @JsonProperty("top_steps") List<StepError> topSteps) {

    /** A feature and its mean squared error over the window. */
    public record FeatureError(@JsonProperty("feature") String feature, @JsonProperty("error") double error) {
    }

    /** A time step (by its bucket start) and its mean squared error over the features. */
    public record StepError(@JsonProperty("bucket_start") String bucketStart, @JsonProperty("error") double error) {
    }
}
