package dev.blip.reliability.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Producing inputs and reading outputs (read_committed) and the scorer's committed progress. */
public final class KafkaIO {

    private KafkaIO() {
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: with the in-process test broker an idempotent producer sometimes got stuck
        // on OutOfOrderSequenceException for seq 0 (its producer id reused), and the lost batches
        // silently shortened the input. Ordered instead by one request in flight; every send is checked.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_040_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends and remembers the first failure; {@link #flush} throws it (a lost input record must fail the test). */
    public static final class CheckedSender {
        private final Producer<byte[], byte[]> producer;
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        public CheckedSender(Producer<byte[], byte[]> producer) {
            this.producer = producer;
        }

        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            return producer.send(record, (m, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }

        public void flush() {
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("producing test input failed: " + failure.get(), failure.get());
            }
        }
    }

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end " + end);
                }
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /** Offsets the application committed on {@code topic} and the topic's end offsets, summed. */
    public static long[] progress(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            List<TopicPartition> parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = parts.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
            long done = parts.stream().mapToLong(tp -> {
                OffsetAndMetadata o = committed.get(tp);
                return o == null ? 0 : o.offset();
            }).sum();
            return new long[] {done, end};
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the progress of " + group + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fraction of {@code topic} the application has committed; 0 before its first commit. */
    public static double fraction(Admin admin, String group, String topic) {
        long[] p = progress(admin, group, topic);
        return p[1] == 0 ? 0 : (double) p[0] / p[1];
    }

    /** Waits until the application has committed everything on {@code topic} (the scorer must stay alive). */
    public static void awaitDrained(Admin admin, String group, String topic, ScorerProcess scorer, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long[] p = progress(admin, group, topic);
            if (p[0] == p[1]) {
                return;
            }
            if (!scorer.alive()) {
                throw new IllegalStateException("scorer died at " + p[0] + "/" + p[1] + "; see " + scorer.log());
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("scorer did not drain " + topic + " within " + timeout + ": " + p[0] + "/" + p[1]);
            }
            ScorerProcess.sleep(250);
        }
    }
}
