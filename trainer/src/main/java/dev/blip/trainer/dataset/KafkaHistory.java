package dev.blip.trainer.dataset;

import dev.blip.core.event.BadRecordException;
import dev.blip.core.event.Event;
import dev.blip.core.event.EventFormat;
import dev.blip.core.event.ParsedRecord;
import dev.blip.core.event.RecordParser;
import dev.blip.core.io.LogText;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads a topic's history with a plain consumer (no group, no commits): every partition from its
 * beginning (or the first offset at {@code fromMillis}) up to the end offsets taken when reading
 * starts, so a busy topic still gives a finite, well-defined history. Records are parsed by the
 * core {@link RecordParser}, exactly as the scorer parses them. A bad record stops reading with
 * an error naming topic, partition and offset, unless up to {@code maxBadRecords} are allowed:
 * then each is reported and skipped, and one more still fails the run (a topic that is mostly
 * garbage must not train a model). Records stamped at or after {@code toMillis} are not parsed
 * at all when the event time is the record timestamp, so garbage after the range cannot fail it.
 * Extra Kafka client properties (security: SASL, TLS) are passed to the consumer verbatim.
 */
public final class KafkaHistory {

    /** A topic that does not exist or a broker that cannot be reached: exit code 4. */
    public static final class KafkaInputException extends RuntimeException {
        public KafkaInputException(String message) {
            super(message);
        }
    }

    /**
     * @param clientProperties extra consumer properties (e.g. {@code security.protocol}); they may
     *                         not name the ones set here ({@link #OWNED_PROPERTIES})
     * @param maxBadRecords    bad records skipped (each reported to {@code onSkipped}) before one more fails the read
     */
    public record Options(String bootstrapServers, String topic, Long fromMillis, Long toMillis, EventFormat format,
                          Duration timeout, Map<String, String> clientProperties, long maxBadRecords,
                          Consumer<String> onSkipped) {

        public Options(String bootstrapServers, String topic, Long fromMillis, Long toMillis, EventFormat format, Duration timeout) {
            this(bootstrapServers, topic, fromMillis, toMillis, format, timeout, Map.of(), 0, s -> { });
        }
    }

    /** Consumer properties the reader sets itself; client properties may not change them. */
    public static final java.util.Set<String> OWNED_PROPERTIES = java.util.Set.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG);

    private final Options options;
    private long badRecords;

    public KafkaHistory(Options options) {
        this.options = options;
    }

    /** @return number of events read */
    public long read(Consumer<Event> sink) {
        RecordParser parser = new RecordParser(options.format(), 1);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, options.timeout());
            seekToStart(consumer, partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>(end);
            partitions.forEach(tp -> { if (consumer.position(tp) >= end.get(tp)) remaining.remove(tp); });
            long events = 0;
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp) || afterRange(r)) {
                        continue;
                    }
                    Event e = parse(parser, r);
                    if (e != null && (options.toMillis() == null || e.timestampMillis() < options.toMillis())) {
                        if (options.fromMillis() == null || e.timestampMillis() >= options.fromMillis()) {
                            sink.accept(e);
                            events++;
                        }
                    }
                }
                remaining.keySet().removeIf(tp -> consumer.position(tp) >= end.get(tp));
            }
            return events;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new KafkaInputException("Kafka error reading topic '" + options.topic() + "' from "
                    + options.bootstrapServers() + ": " + e.getMessage());
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        Map<String, List<PartitionInfo>> topics;
        try {
            topics = consumer.listTopics(options.timeout());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new KafkaInputException("cannot reach Kafka at " + options.bootstrapServers() + " within "
                    + options.timeout().toSeconds() + " s: " + e.getMessage());
        }
        List<PartitionInfo> infos = topics.get(options.topic());
        if (infos == null || infos.isEmpty()) {
            throw new KafkaInputException("topic '" + options.topic() + "' does not exist on "
                    + options.bootstrapServers() + " (rule: topic_exists)");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
    }

    private void seekToStart(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        if (options.fromMillis() == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, options.fromMillis()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, options.timeout());
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, options.timeout());
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = found.get(tp);
            consumer.seek(tp, o == null ? end.get(tp) : o.offset());
        }
    }

    /** Bad records skipped so far. */
    public long badRecords() {
        return badRecords;
    }

    private boolean afterRange(ConsumerRecord<String, byte[]> r) {
        String timeField = options.format().timeField();
        return options.toMillis() != null && (timeField == null || timeField.isEmpty()) && r.timestamp() >= options.toMillis();
    }

    /** The record's event, or null when it is bad and may be skipped. */
    private Event parse(RecordParser parser, ConsumerRecord<String, byte[]> r) {
        try {
            ParsedRecord p = parser.parse(r.key(), r.value(), r.timestamp());
            return p.event();
        } catch (BadRecordException e) {
            String where = "partition " + r.partition() + " offset " + r.offset();
            if (++badRecords > options.maxBadRecords()) {
                String limit = options.maxBadRecords() == 0 ? "" : " (more than the " + options.maxBadRecords()
                        + " bad records --skip-bad-records allows)";
                throw new InputException("topic " + r.topic(), where, e.reason(), LogText.escape(e.getMessage()) + limit);
            }
            options.onSkipped().accept("skipped bad record: topic " + r.topic() + ":" + where + ": " + e.reason() + ": "
                    + LogText.escape(e.getMessage()));
            return null;
        }
    }

    private Properties props() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(options.timeout().toMillis()));
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(30_000, options.timeout().toMillis())));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "blip-trainer");
        options.clientProperties().forEach((k, v) -> {
            if (OWNED_PROPERTIES.contains(k)) {
                throw new IllegalArgumentException("Kafka property " + k + " is set by the trainer itself and cannot be overridden");
            }
            p.put(k, v);
        });
        return p;
    }
}
