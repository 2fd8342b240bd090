package dev.blip.alerts;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The incidents this instance holds open, with the offset of each one's record and the open
 * episodes it covers. An incident stays open while one of its covered episodes is; the committed
 * offset of its partition never passes its record (see {@link #commitLimit}), so a restarted sink
 * reads it again and covers the same episodes.
 */
final class OpenIncidents {

    /**
     * @param covered ids of the open episodes the incident stands for (mutable)
     * @param closing its last covered episode closed and the resolving post is pending
     */
    record Tracked(TopicPartition partition, long offset, Incident incident, SortedMap<String, String> labels,
                   Set<String> covered, boolean closing) {
    }

    private final Map<String, Tracked> byId = new LinkedHashMap<>();

    /** An incident record; one already known (a replayed record) keeps its first offset, labels and covered episodes. */
    Tracked opened(TopicPartition tp, long offset, Incident i, SortedMap<String, String> labels) {
        Tracked known = byId.get(i.id());
        Tracked t = known != null
                ? new Tracked(tp, Math.min(known.offset(), offset), i, known.labels(), known.covered(), false)
                : new Tracked(tp, offset, i, labels, new HashSet<>(), false);
        byId.put(i.id(), t);
        return t;
    }

    Tracked get(String id) {
        return id == null ? null : byId.get(id);
    }

    /** The open incident that groups the episode, or null. */
    Tracked covering(Episode e) {
        return byId.values().stream().filter(t -> !t.closing() && t.incident().covers(e)).findFirst().orElse(null);
    }

    /**
     * The episode closed.
     *
     * @return whether that was the incident's last covered episode (it is then marked closing)
     */
    boolean uncover(Tracked t, String episodeId) {
        t.covered().remove(episodeId);
        if (t.covered().isEmpty() && !t.closing()) {
            byId.put(t.incident().id(), new Tracked(t.partition(), t.offset(), t.incident(), t.labels(), t.covered(), true));
            return true;
        }
        return false;
    }

    void remove(String id) {
        byId.remove(id);
    }

    void dropPartition(TopicPartition tp) {
        byId.values().removeIf(t -> t.partition().equals(tp));
    }

    /** The offset a commit of {@code tp} may reach: {@code next}, or the record of the oldest incident still open. */
    long commitLimit(TopicPartition tp, long next) {
        long limit = next;
        for (Tracked t : byId.values()) {
            if (t.partition().equals(tp)) {
                limit = Math.min(limit, t.offset());
            }
        }
        return limit;
    }

    /** Incidents with open covered episodes and no resolving post pending: the ones to post again. */
    List<Tracked> active() {
        List<Tracked> out = new ArrayList<>();
        byId.values().stream().filter(t -> !t.closing() && !t.covered().isEmpty()).forEach(out::add);
        return out;
    }

    int size() {
        return byId.size();
    }
}
