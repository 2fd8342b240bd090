package dev.blip.alerts;

import dev.blip.alerts.config.AlertsConfig;

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
 * Incident record → one Alertmanager alert for all the keys it covers. Its identity is alertname
 * ({@code BLIP_ALERTS_INCIDENT_ALERT_NAME}), model and bucket; reasons and severity come from the
 * incident as for a key's alert; the count and the top keys are annotations.
 */
final class IncidentMapper {

    /** How many keys the {@code summary} names; {@code top_keys} lists every key the record lists. */
    static final int SUMMARY_KEYS = 3;

    private final AlertsConfig config;
    private final AlertMapper keys;

    IncidentMapper(AlertsConfig config, AlertMapper keys) {
        this.config = config;
        this.keys = keys;
    }

    SortedMap<String, String> labels(Incident i) {
        SortedMap<String, String> l = new TreeMap<>(config.staticLabels());
        l.put("alertname", config.incidents().alertName());
        l.put("model", i.modelVersion());
        l.put("bucket", i.bucketStart().toString());
        if (!i.reasons().isEmpty()) {
            l.put("reasons", String.join(",", i.reasons()));
        }
        l.put("severity", keys.severity(i.peakScore()));
        return l;
    }

    /** Active until {@code now} + four re-post intervals unless posted again. */
    Alert open(Incident i, SortedMap<String, String> labels, int coveredHere, Instant now) {
        Instant from = now.isAfter(i.bucketStart()) ? now : i.bucketStart();
        return Alert.of(labels, annotations(i, coveredHere, false), i.bucketStart(), from.plus(config.openValidity()), link(i));
    }

    /** Resolved at {@code end} (at most now): the last covered episode has closed. */
    Alert resolved(Incident i, SortedMap<String, String> labels, Instant end, Instant now) {
        Instant at = end.isAfter(now) ? now : end;
        if (at.isBefore(i.bucketStart())) {
            at = i.bucketStart();
        }
        return Alert.of(labels, annotations(i, 0, true), i.bucketStart(), at, link(i));
    }

    Map<String, String> annotations(Incident i, int coveredHere, boolean resolved) {
        Map<String, String> a = new LinkedHashMap<>();
        List<String> named = new ArrayList<>();
        for (Incident.TopKey k : i.topKeys().subList(0, Math.min(SUMMARY_KEYS, i.topKeys().size()))) {
            named.add(k.key());
        }
        String more = i.keyCount() > named.size() ? " and " + (i.keyCount() - named.size()) + " more" : "";
        a.put("summary", String.format(Locale.ROOT, "Incident: %d keys opened an anomaly episode in the bucket of %s: %s%s, peak score %.3f%s",
                i.keyCount(), i.bucketStart(), String.join(", ", named), more, i.peakScore(), resolved ? ", resolved" : ""));
        a.put("key_count", Long.toString(i.keyCount()));
        List<String> lines = new ArrayList<>();
        for (Incident.TopKey k : i.topKeys()) {
            lines.add(String.format(Locale.ROOT, "%s (score %.3f, actual %s, expected %s)", k.key(), k.score(),
                    AlertMapper.counts(k.actual()), AlertMapper.counts(k.expected())));
        }
        a.put("top_keys", String.join("\n", lines));
        a.put("peak_score", String.format(Locale.ROOT, "%.4f", i.peakScore()));
        a.put("bucket_start", i.bucketStart().toString());
        a.put("bucket_end", i.bucketEnd().toString());
        if (!resolved) {
            a.put("open_keys_here", Integer.toString(coveredHere));
        }
        a.put("incident_id", i.id());
        a.put("model_version", i.modelVersion());
        String link = link(i);
        if (link != null) {
            a.put("dashboard", link);
        }
        return a;
    }

    /** The dashboard from an hour before the bucket to now, or null without a dashboard URL. */
    String link(Incident i) {
        if (config.dashboardUrl() == null) {
            return null;
        }
        String base = config.dashboardUrl().toString();
        long from = i.bucketStart().minus(Duration.ofHours(1)).toEpochMilli();
        return base + (base.contains("?") ? "&" : "?") + "from=" + from + "&to=now";
    }
}
