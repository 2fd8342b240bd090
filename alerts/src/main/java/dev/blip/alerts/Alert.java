package dev.blip.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert as Alertmanager's v2 API takes it ({@code POST /api/v2/alerts}, an array of these).
 * Alertmanager identifies an alert by its label set alone, so the labels of an episode never change
 * between its posts.
 *
 * @param endsAt       when the alert stops being active: the episode's end when resolved, a little
 *                     beyond the next re-post while open
 * @param generatorUrl dashboard link, or null
 */
public record Alert(SortedMap<String, String> labels, SortedMap<String, String> annotations, Instant startsAt,
                    Instant endsAt, String generatorUrl) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Alert {
        labels = new TreeMap<>(labels);
        annotations = new TreeMap<>(annotations);
    }

    public static Alert of(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
                           String generatorUrl) {
        return new Alert(new TreeMap<>(labels), new TreeMap<>(annotations), startsAt, endsAt, generatorUrl);
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode l = o.putObject("labels");
        labels.forEach(l::put);
        ObjectNode a = o.putObject("annotations");
        annotations.forEach(a::put);
        o.put("startsAt", startsAt.toString());
        o.put("endsAt", endsAt.toString());
        if (generatorUrl != null) {
            o.put("generatorURL", generatorUrl);
        }
        return o;
    }

    /** The request body for a batch of alerts. */
    public static byte[] body(Collection<Alert> alerts) {
        ArrayNode array = JSON.createArrayNode();
        alerts.forEach(x -> array.add(x.toJson()));
        return array.toString().getBytes(StandardCharsets.UTF_8);
    }
}
