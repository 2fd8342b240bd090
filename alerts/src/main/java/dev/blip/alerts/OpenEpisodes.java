package dev.blip.alerts;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;

/**
 * The episodes this instance holds open, per partition, with the offset of each one's {@code open}
 * record. The committed offset of a partition never passes the oldest of those (see
 * {@link #commitLimit}), so after a restart the {@code open} records of every episode still open are
 * read again and the map is rebuilt from the topic alone.
 */
final class OpenEpisodes {

    /**
     * @param labels  fixed when the episode opened; every post of the episode carries them
     * @param closing its {@code closed} record has been read and its post is pending
     */
    record Tracked(TopicPartition partition, long openOffset, Episode episode, SortedMap<String, String> labels,
                   boolean closing) {
    }

    private final Map<TopicPartition, LinkedHashMap<String, Tracked>> byPartition = new HashMap<>();

    Tracked get(TopicPartition tp, String episodeId) {
        Map<String, Tracked> m = byPartition.get(tp);
        return m == null ? null : m.get(episodeId);
    }

    /** An {@code open} record; an episode already known (a replayed record) keeps its first offset and labels. */
    Tracked opened(TopicPartition tp, long offset, Episode e, SortedMap<String, String> labels) {
        Map<String, Tracked> m = byPartition.computeIfAbsent(tp, k -> new LinkedHashMap<>());
        Tracked known = m.get(e.id());
        if (known != null) {
            Tracked again = new Tracked(tp, Math.min(known.openOffset(), offset), e, known.labels(), false);
            m.put(e.id(), again);
            return again;
        }
        Tracked t = new Tracked(tp, offset, e, labels, false);
        m.put(e.id(), t);
        return t;
    }

    void closing(Tracked t) {
        byPartition.get(t.partition()).put(t.episode().id(), new Tracked(t.partition(), t.openOffset(), t.episode(),
                t.labels(), true));
    }

    void remove(TopicPartition tp, String episodeId) {
        Map<String, Tracked> m = byPartition.get(tp);
        if (m != null) {
            m.remove(episodeId);
        }
    }

    void dropPartition(TopicPartition tp) {
        byPartition.remove(tp);
    }

    /** The offset a commit of {@code tp} may reach: {@code next}, or the oldest open record still tracked. */
    long commitLimit(TopicPartition tp, long next) {
        OptionalLong oldest = oldestOpenOffset(tp);
        return oldest.isPresent() ? Math.min(next, oldest.getAsLong()) : next;
    }

    OptionalLong oldestOpenOffset(TopicPartition tp) {
        Map<String, Tracked> m = byPartition.get(tp);
        if (m == null || m.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(m.values().stream().mapToLong(Tracked::openOffset).min().getAsLong());
    }

    /** Open episodes whose closing post is not pending: the ones to post again. */
    List<Tracked> active() {
        List<Tracked> out = new ArrayList<>();
        byPartition.values().forEach(m -> m.values().stream().filter(t -> !t.closing()).forEach(out::add));
        return out;
    }

    int size() {
        return byPartition.values().stream().mapToInt(Map::size).sum();
    }
}
