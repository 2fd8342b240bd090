package dev.blip.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blip.core.synth.AnomalyKind;
import dev.blip.core.synth.InjectedAnomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares what the scorer reported with what the generator injected, event-wise: consecutive
 * anomalous buckets of one key form one alert; an injected anomaly is detected when an alert of
 * its key overlaps it or follows within one window (a window keeps seeing an anomaly until it
 * has slid past); an alert that matches no injected anomaly is a false positive.
 */
record DemoSummary(Map<AnomalyKind, int[]> byKind, int alerts, int truePositiveAlerts, int anomalyRecords) {

    static DemoSummary of(List<InjectedAnomaly> truth, List<JsonNode> anomalyRecords, long intervalMillis,
                          int windowLength) {
        Map<String, TreeSet<Long>> buckets = new HashMap<>();
        for (JsonNode r : anomalyRecords) {
            if (r.path("is_anomaly").asBoolean(true)) {
                buckets.computeIfAbsent(r.path("key").asText(), k -> new TreeSet<>()).add(bucketStart(r));
            }
        }
        List<long[]> alertSpans = new ArrayList<>();
        List<String> alertKeys = new ArrayList<>();
        buckets.forEach((key, starts) -> {
            long begin = Long.MIN_VALUE;
            long last = Long.MIN_VALUE;
            for (long s : starts) {
                if (begin != Long.MIN_VALUE && s - last > intervalMillis) {
                    alertSpans.add(new long[] {begin, last + intervalMillis});
                    alertKeys.add(key);
                    begin = s;
                } else if (begin == Long.MIN_VALUE) {
                    begin = s;
                }
                last = s;
            }
            if (begin != Long.MIN_VALUE) {
                alertSpans.add(new long[] {begin, last + intervalMillis});
                alertKeys.add(key);
            }
        });
        long reach = windowLength * intervalMillis;
        Map<AnomalyKind, int[]> byKind = new EnumMap<>(AnomalyKind.class);
        for (AnomalyKind k : AnomalyKind.values()) {
            byKind.put(k, new int[2]);
        }
        boolean[] alertMatched = new boolean[alertSpans.size()];
        for (InjectedAnomaly a : truth) {
            int[] counts = byKind.get(a.kind());
            counts[0]++;
            boolean found = false;
            for (int i = 0; i < alertSpans.size(); i++) {
                long[] span = alertSpans.get(i);
                if (alertKeys.get(i).equals(a.key()) && span[0] < a.endMillis() + reach && span[1] > a.startMillis()) {
                    alertMatched[i] = true;
                    found = true;
                }
            }
            if (found) {
                counts[1]++;
            }
        }
        int tp = 0;
        for (boolean m : alertMatched) {
            tp += m ? 1 : 0;
        }
        return new DemoSummary(byKind, alertSpans.size(), tp, anomalyRecords.size());
    }

    private static long bucketStart(JsonNode r) {
        JsonNode b = r.path("bucket_start");
        return b.isNumber() ? b.asLong() : Instant.parse(b.asText()).toEpochMilli();
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
        return alerts == 0 ? 1.0 : (double) truePositiveAlerts / alerts;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%-18s %9s %9s%n", "kind", "injected", "detected"));
        byKind.forEach((kind, c) -> out.append(String.format(Locale.ROOT, "%-18s %9d %9d%n", kind.name().toLowerCase(Locale.ROOT), c[0], c[1])));
        out.append(String.format(Locale.ROOT, "%-18s %9d %9d%n", "all", injected(), detected()));
        out.append(String.format(Locale.ROOT, "%nalerts: %d (%d matching an injected anomaly, %d false)  anomaly records: %d%n",
                alerts, truePositiveAlerts, alerts - truePositiveAlerts, anomalyRecords));
        out.append(String.format(Locale.ROOT, "event-wise precision %.2f  recall %.2f%n", precision(), recall()));
        return out.toString();
    }
}
