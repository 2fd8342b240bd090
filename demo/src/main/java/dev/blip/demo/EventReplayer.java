package dev.blip.demo;

import dev.blip.core.bucket.CountSeries;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Turns generated count series back into individual events and produces them to a topic, bucket
 * by bucket, keyed by the series key and stamped with the event time (the scorer's default
 * format reads both from the record). Pacing is on a simulated clock: {@code speed} simulated
 * milliseconds pass per wall-clock millisecond; 0 means as fast as the broker takes them.
 */
final class EventReplayer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final SplittableRandom random;
    private long produced;

    EventReplayer(String bootstrapServers, String topic, long seed) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.random = new SplittableRandom(seed);
    }

    long produced() {
        return produced;
    }

    /**
     * Produces buckets {@code [from, to)} of every series. After each bucket, {@code afterBucket}
     * receives the bucket's start.
     */
    void replay(List<CountSeries> series, int from, int to, double speed, LongConsumer afterBucket)
            throws InterruptedException {
        long width = series.get(0).interval().millis();
        long wallStart = System.currentTimeMillis();
        for (int t = from; t < to; t++) {
            long bucketStart = series.get(0).bucketStart(t);
            for (CountSeries s : series) {
                int n = (int) s.values()[t][0];
                for (int i = 0; i < n; i++) {
                    send(s.key(), bucketStart + random.nextLong(width));
                }
            }
            producer.flush();
            afterBucket.accept(bucketStart);
            if (speed > 0) {
                long due = wallStart + (long) ((t - from + 1) * width / speed);
                long sleep = due - System.currentTimeMillis();
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
        }
    }

    void send(String key, long timestamp) {
        String value = "{\"key\":\"" + key + "\",\"timestamp\":\"" + Instant.ofEpochMilli(timestamp) + "\"}";
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, value));
        produced++;
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
