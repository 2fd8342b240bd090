package dev.blip.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints anomaly records as they arrive, one aligned row each. */
final class AnomalyTable {

    private static final String FORMAT = "%-20s  %-10s  %6s  %9s  %9s  %s%n";
    private final PrintWriter out;

    AnomalyTable(PrintWriter out) {
        this.out = out;
    }

    void header() {
        synchronized (out) {
            out.printf(FORMAT, "bucket (UTC)", "key", "score", "actual", "expected", "model");
            out.flush();
        }
    }

    void print(JsonNode r) {
        String bucket = r.path("bucket_start").asText();
        if (bucket.length() >= 16) {
            bucket = bucket.substring(0, 16).replace('T', ' ');
        }
        synchronized (out) {
            out.printf(FORMAT, bucket, r.path("key").asText(),
                    String.format(Locale.ROOT, "%.4f", r.path("anomaly_score").asDouble()),
                    first(r.path("actual")), first(r.path("expected")),
                    abbreviate(r.path("model_version").asText()));
            out.flush();
        }
    }

    private static String first(JsonNode counts) {
        JsonNode v = counts.isArray() ? counts.path(0) : counts.isObject() ? counts.elements().hasNext()
                ? counts.elements().next() : counts : counts;
        return v.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.0f", v.asDouble());
    }

    private static String abbreviate(String version) {
        return version.length() > 12 ? version.substring(0, 12) : version;
    }
}
