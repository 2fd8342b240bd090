package dev.blip.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blip.core.synth.AnomalyKind;
import dev.blip.core.synth.InjectedAnomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares the episodes the scorer reported with what the generator injected: an injected
 * anomaly is detected when an episode of its key opens while it lasts or within {@code reach}
 * buckets after it ends (the return from a silence or a spike is part of the same incident); an
 * episode that matches no injected anomaly is a false alarm. Only the {@code open} reports count:
 * each episode has exactly one, and it is the one that pages.
 */
record DemoSummary(Map<AnomalyKind, int[]> byKind, int episodes, int truePositiveEpisodes, int anomalyRecords) {

    /** An opened episode: its key and the start of its first anomalous bucket. */
    record Opened(String key, long startMillis) {
    }

    /** From the anomalies topic's records (only {@code open} ones count). */
    static DemoSummary of(List<InjectedAnomaly> truth, List<JsonNode> anomalyRecords, long intervalMillis, int reach) {
        List<Opened> opened = new ArrayList<>();
        for (JsonNode r : anomalyRecords) {
            if ("open".equals(r.path("state").asText())) {
                opened.add(new Opened(r.path("key").asText(), Instant.parse(r.path("started_at").asText()).toEpochMilli()));
            }
        }
        return of(truth, opened, anomalyRecords.size(), intervalMillis, reach);
    }

    static DemoSummary of(List<InjectedAnomaly> truth, List<Opened> opened, int anomalyRecords, long intervalMillis, int reach) {
        List<String> keys = opened.stream().map(Opened::key).toList();
        List<Long> starts = opened.stream().map(Opened::startMillis).toList();
        Map<AnomalyKind, int[]> byKind = new EnumMap<>(AnomalyKind.class);
        for (AnomalyKind k : AnomalyKind.values()) {
            byKind.put(k, new int[2]);
        }
        boolean[] matched = new boolean[starts.size()];
        long after = reach * intervalMillis;
        for (InjectedAnomaly a : truth) {
            int[] counts = byKind.get(a.kind());
            counts[0]++;
            boolean found = false;
            for (int i = 0; i < starts.size(); i++) {
                if (keys.get(i).equals(a.key()) && starts.get(i) >= a.startMillis() && starts.get(i) < a.endMillis() + after) {
                    matched[i] = true;
                    found = true;
                }
            }
            if (found) {
                counts[1]++;
            }
        }
        int tp = 0;
        for (boolean m : matched) {
            tp += m ? 1 : 0;
        }
        return new DemoSummary(byKind, starts.size(), tp, anomalyRecords);
    }

    int injected() {
        return byKind.values().stream().mapToInt(c -> c[0]).sum();
    }

    int detected() {
        return byKind.values().stream().mapToInt(c -> c[1]).sum();
    }

    double recall() {
        return injected() == 0 ? 1.0 : (double) detected() / injected();
    }

    double precision() {
        return episodes == 0 ? 1.0 : (double) truePositiveEpisodes / episodes;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%-18s %9s %9s%n", "kind", "injected", "detected"));
        byKind.forEach((kind, c) -> out.append(String.format(Locale.ROOT, "%-18s %9d %9d%n", kind.name().toLowerCase(Locale.ROOT), c[0], c[1])));
        out.append(String.format(Locale.ROOT, "%-18s %9d %9d%n", "all", injected(), detected()));
        out.append(String.format(Locale.ROOT, "%nepisodes: %d (%d matching an injected anomaly, %d false)  anomaly records: %d%n",
                episodes, truePositiveEpisodes, episodes - truePositiveEpisodes, anomalyRecords));
        out.append(String.format(Locale.ROOT, "event-wise precision %.2f  recall %.2f%n", precision(), recall()));
        return out.toString();
    }
}
