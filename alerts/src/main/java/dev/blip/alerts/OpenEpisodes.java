package dev.blip.alerts;

import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
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

    /** What the sink does with an open episode's alert. */
    enum Mode {
        /** Posted, and re-posted while open. */
        ALERTED,
        /** Waiting until {@code heldUntil} for an incident that covers it; nothing posted yet. */
        HELD,
        /** An incident covers it: the incident's alert stands for it, its own is never posted. */
        COVERED
    }

    /**
     * @param labels    fixed when the episode opened; every post of the episode carries them
     * @param closing   its {@code closed} record has been read and its post is pending
     * @param heldUntil when a {@code HELD} episode is posted alone; null otherwise
     * @param incident  the covering incident's id when {@code COVERED}; null otherwise
     */
    record Tracked(TopicPartition partition, long openOffset, Episode episode, SortedMap<String, String> labels,
                   boolean closing, Mode mode, Instant heldUntil, String incident) {

        Tracked with(Mode m, Instant until, String inc) {
            return new Tracked(partition, openOffset, episode, labels, closing, m, until, inc);
        }
    }

    private final Map<TopicPartition, LinkedHashMap<String, Tracked>> byPartition = new HashMap<>();

    Tracked get(TopicPartition tp, String episodeId) {
        Map<String, Tracked> m = byPartition.get(tp);
        return m == null ? null : m.get(episodeId);
    }

    /**
     * An {@code open} record; an episode already known (a replayed record) keeps its first offset,
     * labels and mode, a new one starts in {@code mode} (held until {@code heldUntil}).
     */
    Tracked opened(TopicPartition tp, long offset, Episode e, SortedMap<String, String> labels, Mode mode, Instant heldUntil) {
        Map<String, Tracked> m = byPartition.computeIfAbsent(tp, k -> new LinkedHashMap<>());
        Tracked known = m.get(e.id());
        if (known != null) {
            Tracked again = new Tracked(tp, Math.min(known.openOffset(), offset), e, known.labels(), false, known.mode(),
                    known.heldUntil(), known.incident());
            m.put(e.id(), again);
            return again;
        }
        Tracked t = new Tracked(tp, offset, e, labels, false, mode, mode == Mode.HELD ? heldUntil : null, null);
        m.put(e.id(), t);
        return t;
    }

    /** Replaces the tracked state of {@code t}'s episode (if still tracked) with {@code t}. */
    Tracked update(Tracked t) {
        Map<String, Tracked> m = byPartition.get(t.partition());
        if (m != null && m.containsKey(t.episode().id())) {
            m.put(t.episode().id(), t);
        }
        return t;
    }

    void closing(Tracked t) {
        byPartition.get(t.partition()).put(t.episode().id(), new Tracked(t.partition(), t.openOffset(), t.episode(),
                t.labels(), true, t.mode(), t.heldUntil(), t.incident()));
    }

    /** Held episodes, oldest first. */
    List<Tracked> held() {
        List<Tracked> out = new ArrayList<>();
        byPartition.values().forEach(m -> m.values().stream().filter(t -> !t.closing() && t.mode() == Mode.HELD)
                .forEach(out::add));
        return out;
    }

    /** When the next held episode is due, or null when none is held. */
    Instant nextHeldDue() {
        return held().stream().map(Tracked::heldUntil).min(Instant::compareTo).orElse(null);
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

    /** Open episodes with their own alert whose closing post is not pending: the ones to post again. */
    List<Tracked> active() {
        List<Tracked> out = new ArrayList<>();
        byPartition.values().forEach(m -> m.values().stream().filter(t -> !t.closing() && t.mode() == Mode.ALERTED)
                .forEach(out::add));
        return out;
    }

    int size() {
        return byPartition.values().stream().mapToInt(Map::size).sum();
    }
}
