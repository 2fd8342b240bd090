package dev.blip.scorer.topology.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.processor.api.Record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the scoring tasks tell the incident task, through the one-partition repartition topic: the
 * {@code open} record of every episode (key {@code open}, value the episode record's JSON) and,
 * after each completed close, how far the task has closed (key {@code progress}, a small versioned
 * JSON object). A task forwards its openings of a bucket before its progress past it, in the same
 * transaction, and one partition keeps that order.
 */
public final class IncidentFeed {

    /** The node the scoring processor forwards feed records to. */
    public static final String NODE = "incident-feed";
    static final String OPEN = "open";
    static final String PROGRESS = "progress";
    static final int PROGRESS_FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] OPEN_KEY = OPEN.getBytes(StandardCharsets.UTF_8);
    private static final byte[] PROGRESS_KEY = PROGRESS.getBytes(StandardCharsets.UTF_8);

    private IncidentFeed() {
    }

    /** A task's progress: every bucket up to and including {@code through} is closed for all its keys. */
    record Progress(String task, long through) {
    }

    public static Record<byte[], byte[]> open(byte[] episodeJson, long timestamp) {
        return new Record<>(OPEN_KEY, episodeJson, timestamp);
    }

    public static Record<byte[], byte[]> progress(String task, long through, long interval) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", PROGRESS_FORMAT);
        o.put("task", task);
        o.put("closed_through", through);
        return new Record<>(PROGRESS_KEY, o.toString().getBytes(StandardCharsets.UTF_8), through + interval);
    }

    static boolean isOpen(byte[] key) {
        return key != null && new String(key, StandardCharsets.UTF_8).equals(OPEN);
    }

    static boolean isProgress(byte[] key) {
        return key != null && new String(key, StandardCharsets.UTF_8).equals(PROGRESS);
    }

    /** @throws IllegalArgumentException for anything but a progress value of a known format */
    static Progress decodeProgress(byte[] value) {
        try {
            JsonNode n = JSON.readTree(value);
            if (n == null || n.path("format").asInt(-1) != PROGRESS_FORMAT || !n.path("task").isTextual()
                    || !n.path("closed_through").isIntegralNumber()) {
                throw new IllegalArgumentException("not a progress record of format " + PROGRESS_FORMAT);
            }
            return new Progress(n.get("task").asText(), n.get("closed_through").asLong());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
