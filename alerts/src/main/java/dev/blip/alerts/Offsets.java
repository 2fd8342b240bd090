package dev.blip.alerts;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per partition: the offset after the last record delivered (posted, or skipped as invalid or
 * refused) and the offset last committed. A commit reaches {@link OpenEpisodes#commitLimit}: the
 * delivered offset, held back to the {@code open} record of the oldest episode still open.
 */
final class Offsets {

    private static final Logger LOG = LoggerFactory.getLogger(Offsets.class);

    private final Map<TopicPartition, Long> delivered = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    void delivered(TopicPartition tp, long next) {
        delivered.put(tp, next);
    }

    List<TopicPartition> partitions() {
        return List.copyOf(delivered.keySet());
    }

    void forget(TopicPartition tp) {
        delivered.remove(tp);
        committed.remove(tp);
    }

    /** How far a partition's commit may go: at most {@code next}, held back to records still needed after a restart. */
    interface Limit {
        long of(TopicPartition tp, long next);
    }

    /** Commits what may be committed of {@code partitions}; a failed commit is logged (the records are read again). */
    void commit(Consumer<?, ?> consumer, Limit open, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long next = delivered.get(tp);
            if (next == null) {
                continue;
            }
            long limit = open.of(tp, next);
            if (limit > committed.getOrDefault(tp, -1L)) {
                offsets.put(tp, new OffsetAndMetadata(limit));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        } catch (KafkaException e) {
            LOG.warn("commit failed (the records will be read and posted again): {}", e.toString());
        }
    }
}
