package dev.blip.alerts;

import dev.blip.alerts.config.AlertsConfig;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Episode record → Alertmanager alert. The labels are taken from the episode's {@code open}
 * record and kept for its {@code closed} record, so both posts name the same alert (the closing
 * record's model, reasons and peak may differ: a model change closes an episode under the new model).
 */
public final class AlertMapper {

    public static final String CRITICAL = "critical";
    public static final String WARNING = "warning";

    private final AlertsConfig config;

    public AlertMapper(AlertsConfig config) {
        this.config = config;
    }

    /** {@code critical} when the peak score reaches {@code BLIP_ALERTS_CRITICAL_SCORE}, else {@code warning}. */
    public String severity(double peakScore) {
        return peakScore >= config.criticalScore() ? CRITICAL : WARNING;
    }

    /** The alert's identity: alertname, key, model, reasons, severity and the static labels. */
    public SortedMap<String, String> labels(Episode e) {
        SortedMap<String, String> l = new TreeMap<>(config.staticLabels());
        l.put("alertname", config.alertName());
        l.put("key", e.key());
        l.put("model", e.modelVersion());
        if (!e.reasons().isEmpty()) {
            l.put("reasons", String.join(",", e.reasons()));
        }
        l.put("severity", severity(e.peakScore()));
        return l;
    }

    /** An open episode's alert, active until {@code now} + four re-post intervals unless posted again. */
    public Alert open(Episode e, SortedMap<String, String> labels, Instant now) {
        Instant from = now.isAfter(e.startedAt()) ? now : e.startedAt();
        return Alert.of(labels, annotations(e), e.startedAt(), from.plus(config.openValidity()), link(e));
    }

    /**
     * A closed episode's alert, resolved at the episode's end ({@code ended_at}, but never later than
     * {@code now}, so it is resolved at once even if the scorer's clock runs ahead of Alertmanager's).
     *
     * @param labels the labels its open record got, or those of the closing record when that is unknown
     */
    public Alert resolved(Episode e, SortedMap<String, String> labels, Instant now) {
        Instant end = e.endedAt().isAfter(now) ? now : e.endedAt();
        if (end.isBefore(e.startedAt())) {
            end = e.startedAt();
        }
        return Alert.of(labels, annotations(e), e.startedAt(), end, link(e));
    }

    Map<String, String> annotations(Episode e) {
        Map<String, String> a = new LinkedHashMap<>();
        String feature = mainFeature(e);
        StringBuilder summary = new StringBuilder("Anomaly on ").append(e.key());
        if (feature != null) {
            summary.append(": ").append(feature).append(' ').append(number(e.actual().get(feature)));
            if (e.expected() != null && e.expected().get(feature) != null) {
                summary.append(" (expected ").append(number(e.expected().get(feature)));
                if (band(e, feature) != null) {
                    summary.append(", band ").append(band(e, feature));
                }
                summary.append(')');
            }
        }
        summary.append(", peak score ").append(String.format(Locale.ROOT, "%.3f", e.peakScore()));
        if (!e.open()) {
            summary.append(", resolved");
        }
        a.put("summary", summary.toString());
        a.put("actual", counts(e.actual()));
        a.put("expected", counts(e.expected()));
        a.put("expected_band", bands(e));
        a.put("peak_score", String.format(Locale.ROOT, "%.4f", e.peakScore()));
        if (e.peakAt() != null) {
            a.put("peak_at", e.peakAt().toString());
        }
        a.put("started_at", e.startedAt().toString());
        if (!e.open()) {
            a.put("ended_at", e.endedAt().toString());
            if (e.closedBy() != null) {
                a.put("closed_by", e.closedBy());
            }
        }
        a.put("episode_id", e.id());
        a.put("model_version", e.modelVersion());
        String link = link(e);
        if (link != null) {
            a.put("dashboard", link);
        }
        return a;
    }

    /** {@code total} when the record has it, else its first feature; null without counts. */
    private static String mainFeature(Episode e) {
        if (e.actual() == null || e.actual().isEmpty()) {
            return null;
        }
        return e.actual().containsKey("total") ? "total" : e.actual().keySet().iterator().next();
    }

    private static String band(Episode e, String feature) {
        if (e.expectedLow() == null || e.expectedHigh() == null || e.expectedLow().get(feature) == null
                || e.expectedHigh().get(feature) == null) {
            return null;
        }
        return number(e.expectedLow().get(feature)) + "-" + number(e.expectedHigh().get(feature));
    }

    private static String bands(Episode e) {
        if (e.expectedLow() == null || e.expectedHigh() == null) {
            return "none (the model has no band)";
        }
        List<String> out = new ArrayList<>();
        e.expectedLow().forEach((f, lo) -> out.add(f + "=" + band(e, f)));
        return String.join(", ", out);
    }

    static String counts(Map<String, Double> counts) {
        if (counts == null || counts.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        counts.forEach((f, v) -> out.add(f + "=" + number(v)));
        return String.join(", ", out);
    }

    /** Counts with at most one decimal: {@code 0}, {@code 205.5}. */
    static String number(Double v) {
        if (v == null) {
            return "?";
        }
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** The dashboard with the key and an hour either side of the episode, or null without a dashboard URL. */
    String link(Episode e) {
        if (config.dashboardUrl() == null) {
            return null;
        }
        String base = config.dashboardUrl().toString();
        long from = e.startedAt().minus(Duration.ofHours(1)).toEpochMilli();
        String to = e.endedAt() == null ? "now" : Long.toString(e.endedAt().plus(Duration.ofHours(1)).toEpochMilli());
        return base + (base.contains("?") ? "&" : "?") + "var-key=" + URLEncoder.encode(e.key(), StandardCharsets.UTF_8)
                + "&from=" + from + "&to=" + to;
    }
}
