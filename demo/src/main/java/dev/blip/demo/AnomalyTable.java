package dev.blip.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints the anomalies topic as it arrives: one row when an episode opens (what would page
 * someone) and one when it closes, with its duration and peak.
 */
final class AnomalyTable {

    private static final String FORMAT = "%-17s  %-7s  %-10s  %6s  %9s  %17s  %s%n";
    private final PrintWriter out;
    private int records;
    private int opened;

    AnomalyTable(PrintWriter out) {
        this.out = out;
    }

    void header() {
        synchronized (out) {
            out.printf(FORMAT, "time (UTC)", "episode", "key", "score", "actual", "expected (band)", "why");
            out.flush();
        }
    }

    void print(JsonNode r) {
        boolean open = "open".equals(r.path("state").asText());
        String at = open ? r.path("started_at").asText() : r.path("ended_at").asText();
        synchronized (out) {
            records++;
            opened += open ? 1 : 0;
            String why = String.join("+", text(r.path("reasons")));
            if (!open) {
                why = String.format(Locale.ROOT, "%s, %d min, %d anomalous buckets", why,
                        r.path("duration_seconds").asLong() / 60, r.path("anomalous_buckets").asInt());
            }
            out.printf(FORMAT, at.substring(0, Math.min(16, at.length())).replace('T', ' '), open ? "opened" : "closed",
                    r.path("key").asText(), String.format(Locale.ROOT, "%.3f", r.path("peak_score").asDouble()),
                    first(r.path("actual")), first(r.path("expected")) + " (" + first(r.path("expected_low")) + "-"
                            + first(r.path("expected_high")) + ")", why);
            out.flush();
        }
    }

    int records() {
        synchronized (out) {
            return records;
        }
    }

    int episodes() {
        synchronized (out) {
            return opened;
        }
    }

    private static java.util.List<String> text(JsonNode reasons) {
        java.util.List<String> out = new java.util.ArrayList<>();
        reasons.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String first(JsonNode counts) {
        JsonNode v = counts.isArray() ? counts.path(0) : counts.isObject() && counts.elements().hasNext()
                ? counts.elements().next() : counts;
        return v.isMissingNode() || !v.isNumber() ? "-" : String.format(Locale.ROOT, "%.0f", v.asDouble());
    }
}
