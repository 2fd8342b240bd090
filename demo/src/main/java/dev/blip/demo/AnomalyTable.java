package dev.blip.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints anomalies as they arrive: one row when an alert starts (the key's previous bucket was
 * not anomalous). The following anomalous windows of the same alert are counted, not printed: a
 * window keeps containing the anomaly until it has slid past it.
 */
final class AnomalyTable {

    private static final String FORMAT = "%-17s  %-10s  %6s  %9s  %9s  %9s  %s%n";
    private final PrintWriter out;
    private final long interval;
    private final Map<String, Long> lastBucket = new HashMap<>();
    private int records;
    private int alerts;

    AnomalyTable(PrintWriter out, long intervalMillis) {
        this.out = out;
        this.interval = intervalMillis;
    }

    void header() {
        synchronized (out) {
            out.printf(FORMAT, "alert start (UTC)", "key", "score", "error/thr", "actual", "expected", "model");
            out.flush();
        }
    }

    void print(JsonNode r) {
        if (!r.path("is_anomaly").asBoolean()) {
            return;
        }
        String key = r.path("key").asText();
        String start = r.path("bucket_start").asText();
        long bucket = Instant.parse(start).toEpochMilli();
        synchronized (out) {
            records++;
            Long previous = lastBucket.put(key, bucket);
            if (previous != null && bucket - previous <= interval) {
                return;
            }
            alerts++;
            double threshold = r.path("threshold").asDouble();
            out.printf(FORMAT, start.substring(0, Math.min(16, start.length())).replace('T', ' '), key,
                    String.format(Locale.ROOT, "%.4f", r.path("anomaly_score").asDouble()),
                    threshold > 0 ? String.format(Locale.ROOT, "%.1fx", r.path("raw_error").asDouble() / threshold) : "-",
                    first(r.path("actual")), first(r.path("expected")), abbreviate(r.path("model_version").asText()));
            out.flush();
        }
    }

    int records() {
        synchronized (out) {
            return records;
        }
    }

    int alerts() {
        synchronized (out) {
            return alerts;
        }
    }

    private static String first(JsonNode counts) {
        JsonNode v = counts.isArray() ? counts.path(0) : counts.isObject() && counts.elements().hasNext()
                ? counts.elements().next() : counts;
        return v.isMissingNode() || !v.isNumber() ? "-" : String.format(Locale.ROOT, "%.0f", v.asDouble());
    }

    private static String abbreviate(String version) {
        return version.length() > 12 ? version.substring(0, 12) : version;
    }
}
