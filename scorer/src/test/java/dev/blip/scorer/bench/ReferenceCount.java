package dev.blip.scorer.bench;

import dev.blip.kafka.embedded.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The reference the end-to-end benchmark compares ingest with: a plain Kafka Streams application
 * that counts the same events into the same buckets (a tumbling window of the bucket interval with
 * the same grace, on a persistent store with caching, exactly-once v2, as many stream threads as the
 * scorer, default commit interval), writing each window's count to an output topic. Its time runs from RUNNING until
 * every input offset is committed, i.e. every event counted and the counts written, transactionally.
 */
final class ReferenceCount {

    private ReferenceCount() {
    }

    /** Seconds the reference takes to count every record now in {@code topic}. */
    static double seconds(EmbeddedKafka kafka, String topic, long bucketMillis, long graceMillis) throws Exception {
        String id = "reference-" + topic;
        kafka.createTopics(EndToEndBench.PARTITIONS, id + "-out");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(bucketMillis), Duration.ofMillis(graceMillis)))
                .count(Materialized.as("counts"))
                .toStream((window, count) -> window.key() + "@" + window.window().start())
                .to(id + "-out", Produced.with(Serdes.String(), Serdes.Long()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, EndToEndBench.THREADS);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("blip-bench-reference-").toString());
        p.put("consumer.auto.offset.reset", "earliest");
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, Long> ends = ends(admin, topic);
            try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
                streams.start();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (streams.state() != KafkaStreams.State.RUNNING) {
                    EndToEndBench.check(deadline, "the reference to start");
                    Thread.sleep(5);
                }
                long t0 = System.nanoTime();
                while (!committed(admin, id, ends)) {
                    EndToEndBench.check(deadline, "the reference to commit every input offset");
                    Thread.sleep(20);
                }
                return (System.nanoTime() - t0) / 1e9;
            }
        }
    }

    static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < EndToEndBench.PARTITIONS; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    static boolean committed(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> now = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata at = now.get(end.getKey());
            // under exactly-once the committed offset may sit one past the end (the transaction marker)
            if (at == null || at.offset() < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
