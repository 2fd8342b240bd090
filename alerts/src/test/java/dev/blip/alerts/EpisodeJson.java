package dev.blip.alerts;

import java.time.Instant;

/** Episode records in the scorer's documented format (docs/scorer.md, anomalies topic), for tests. */
final class EpisodeJson {

    static final String MODEL = "657fc27e028305d1dbe7eb74bf71136ef66f01d569af9829fc1605ed337729ed";

    private EpisodeJson() {
    }

    static String open(String key, Instant started, double peak) {
        return record(key, started, null, peak, "open", "null");
    }

    static String closed(String key, Instant started, Instant ended, double peak) {
        return record(key, started, ended, peak, "closed", "\"quiet\"");
    }

    private static String record(String key, Instant started, Instant ended, double peak, String state, String closedBy) {
        String end = ended == null ? "null" : "\"" + ended + "\"";
        String duration = ended == null ? "null" : Long.toString(ended.getEpochSecond() - started.getEpochSecond());
        return """
                {"schema_version":2,"episode_id":"%s@%s","state":"%s","key":"%s","started_at":"%s","ended_at":%s,\
                "duration_seconds":%s,"anomalous_buckets":1,"peak_score":%s,"peak_at":"%s","actual":{"total":0.0},\
                "expected":{"total":205.5},"expected_low":{"total":169.7},"expected_high":{"total":249.9},\
                "reasons":["instantaneous","range"],"closed_by":%s,"model_version":"%s"}"""
                .formatted(key, started, state, key, started, end, duration, peak, started, closedBy, MODEL);
    }
}
