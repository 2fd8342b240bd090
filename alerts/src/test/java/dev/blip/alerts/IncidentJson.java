package dev.blip.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Incident records in the scorer's documented format (docs/scorer.md, incidents topic), for tests. */
final class IncidentJson {

    private IncidentJson() {
    }

    /** An incident of {@code keys} (key i scored {@code base + i * step}), listing the top three. */
    static String of(Instant bucket, List<String> keys, double base, double step) {
        List<String> top = new ArrayList<>();
        for (int i = keys.size() - 1; i >= 0 && top.size() < 3; i--) {
            top.add(String.format(Locale.ROOT, """
                    {"key":"%s","episode_id":"%s@%s","score":%s,"reasons":["instantaneous","range"],\
                    "actual":{"total":0.0},"expected":{"total":205.5}}""", keys.get(i), keys.get(i), bucket, base + i * step));
        }
        double peak = base + (keys.size() - 1) * step;
        return String.format(Locale.ROOT, """
                {"schema_version":1,"incident_id":"%s@%s","model_version":"%s","bucket_start":"%s","bucket_end":"%s",\
                "key_count":%d,"min_keys":5,"peak_score":%s,"reasons":["instantaneous","range"],"top_keys":[%s]}""",
                EpisodeJson.MODEL, bucket, EpisodeJson.MODEL, bucket, bucket.plus(Duration.ofMinutes(5)), keys.size(), peak,
                String.join(",", top));
    }
}
