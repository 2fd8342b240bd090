package dev.blip.scorer.bench;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.testkit.TestBundles;
import dev.blip.kafka.embedded.EmbeddedKafka;
import dev.blip.scorer.app.ScorerApp;
import dev.blip.scorer.app.ScorerMain;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.blip.core.testkit.TestTime.BUCKET;
import static dev.blip.core.testkit.TestTime.START;

/**
 * End-to-end benchmark of the real scorer against the embedded KRaft broker (not a test), with the
 * scorer's default settings unless told otherwise. For each key count and batch size: (1) a backlog
 * of about {@value #EVENTS_PER_BUCKET} events per bucket in total ({@link #backlogBuckets}: at least
 * {@value #BACKLOG_EVENTS} events and {@value #BACKLOG_BUCKETS} buckets) is ingested from the start
 * of the topic (events/s, end to end, including start-up: until every backlog window is scored and
 * every input offset committed); (2) then, per round, one bucket of events in which one key in
 * {@value #SPIKE_EVERY} spikes ({@value #SPIKE}x its usual count) is produced and a seal event per
 * partition closes it: the time from sending the seal to each spiking
 * key's anomaly record arriving (read_committed) is the bucket-close to anomaly latency. With
 * {@code -Dblip.bench.scores=true} the scores topic is on and the latency is taken to every key's
 * verdict instead. Before the scorer starts, {@link ReferenceCount} counts the same backlog with
 * plain Kafka Streams (the reference, as many stream threads as the scorer); the last line
 * compares the two for the largest key count: {@code ingest events/s blip=<n> reference=<m> ratio=<r>}.
 * <p>Run: {@code java -cp <test classpath> dev.blip.scorer.bench.EndToEndBench [keys,...] [batches,...] [rounds]};
 * {@code -Dblip.bench.threads=N} sets the stream threads of both applications (default: the
 * scorer's default), {@code -Dblip.bench.compression=} the scorer's producer compression.
 */
public final class EndToEndBench {

    static final long GRACE = 60_000L;
    static final int PARTITIONS = 2;
    /** The backlog has at least this many buckets ... */
    static final int BACKLOG_BUCKETS = 24;
    /** ... and at least this many events (a few seconds of ingest varied by 2x from run to run on a shared machine). */
    static final int BACKLOG_EVENTS = 1_920_000;
    static final int EVENTS_PER_BUCKET = 20_000;
    /** One key in this many spikes in each latency round (a different residue each round). */
    static final int SPIKE_EVERY = 100;
    /** A spiking key's events in its bucket, as a multiple of its usual count. */
    static final int SPIKE = 50;
    static final boolean SCORES = Boolean.getBoolean("blip.bench.scores");
    static final int THREADS = dev.blip.scorer.config.ScorerConfig.streamThreads(Integer.getInteger("blip.bench.threads",
            Integer.parseInt(dev.blip.scorer.config.Setting.STREAM_THREADS.defaultValue())));

    record Result(int keys, int maxBatch, long events, double ingestSeconds, long windows, double scoringSeconds,
                  long scoringCalls, double p50, double p99, int samples, double referenceSeconds) {
        String row() {
            return String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.0f | %.2f | %d | %.0f | %.1f | %.0f | %.0f | %d |", keys,
                    maxBatch, events, events / ingestSeconds, events / referenceSeconds, referenceSeconds / ingestSeconds, windows,
                    windows / scoringSeconds, windows / (double) scoringCalls, p50, p99, samples);
        }
    }

    public static void main(String[] args) throws Exception {
        int[] keyCounts = args.length > 0 ? ints(args[0]) : new int[] {10, 1000, 10_000};
        int[] batches = args.length > 1 ? ints(args[1]) : new int[] {1024, 1};
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ModelBundle bundle = TestBundles.small();
        Path model = Files.createTempDirectory("blip-bench-").resolve("model.blip");
        BundleIO.save(bundle.manifest(), bundle.network(), model);
        List<Result> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("log.retention.ms", "-1"))) {
            // a first, unreported run warms up the JIT, ND4J and the broker
            run(kafka, model, "warmup", 10, 1024, 1, bundle);
            for (int keys : keyCounts) {
                for (int batch : batches) {
                    Result r = run(kafka, model, "bench", keys, batch, rounds, bundle);
                    System.out.println(r.row());
                    results.add(r);
                }
            }
        }
        System.out.println("| keys | max batch | events | events/s ingested | reference events/s | ratio | windows | windows/s (scoring) | windows per scoring call | close→" + (SCORES ? "verdict" : "anomaly") + " p50 ms | p99 ms | latency samples |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        results.forEach(r -> System.out.println(r.row()));
        Result last = results.get(0);
        for (Result r : results) {
            last = r.keys > last.keys ? r : last;
        }
        System.out.printf(Locale.ROOT, "ingest events/s blip=%.0f reference=%.0f ratio=%.2f%n", last.events / last.ingestSeconds,
                last.events / last.referenceSeconds, last.referenceSeconds / last.ingestSeconds);
    }

    /** Windows one key yields over {@code buckets} buckets, asked of the assembler itself. */
    static int windowsPerKey(ModelBundle bundle, int buckets) {
        double[][] v = new double[buckets][bundle.features().size()];
        return bundle.assembler().windows(new dev.blip.core.bucket.CountSeries("k", bundle.interval(), START, bundle.features(), v)).size();
    }

    /** Buckets of the backlog at this many keys: at least {@value #BACKLOG_BUCKETS} and {@value #BACKLOG_EVENTS} events. */
    static int backlogBuckets(int keys) {
        long perBucket = (long) Math.max(1, EVENTS_PER_BUCKET / keys) * keys;
        return (int) Math.max(BACKLOG_BUCKETS, (BACKLOG_EVENTS + perBucket - 1) / perBucket);
    }

    static Result run(EmbeddedKafka kafka, Path model, String label, int keys, int maxBatch, int rounds, ModelBundle bundle)
            throws Exception {
        int backlog = backlogBuckets(keys);
        int windowsPerKey = windowsPerKey(bundle, backlog);
        String id = label + "-" + keys + "-" + maxBatch;
        String input = "in-" + id;
        kafka.createTopics(PARTITIONS, input, "out-" + id, "scores-" + id, "dlq-" + id, "incidents-" + id);
        int perKey = Math.max(1, EVENTS_PER_BUCKET / keys);
        long events;
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            events = produce(producer, input, keys, 0, backlog, perKey, BUCKET - 1000);
            seal(producer, input, backlog);
        }
        // the reference counts the same backlog first, on the same broker (the scorer has not started yet)
        double reference = label.equals("warmup") ? Double.NaN : ReferenceCount.seconds(kafka, input, BUCKET, GRACE);
        long backlogWindows = (long) keys * windowsPerKey;
        Map<String, String> env = env(kafka, model, id, maxBatch);
        try (ScorerApp app = ScorerMain.start(new String[0], env);
             Admin admin = kafka.admin();
             KafkaConsumer<byte[], byte[]> outputs = consumer(kafka, (SCORES ? "scores-" : "out-") + id);
             KafkaProducer<String, String> producer = producer(kafka)) {
            Map<TopicPartition, Long> ends = ReferenceCount.ends(admin, input);
            if (!app.awaitRunning(Duration.ofSeconds(120))) {
                throw new IllegalStateException("scorer did not start");
            }
            long t0 = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            Counter scored = app.registry().get("blip.windows.scored").counter();
            while (scored.count() < backlogWindows || !ReferenceCount.committed(admin, id, ends)) {
                check(deadline, "backlog windows: " + (long) scored.count() + " of " + backlogWindows);
                Thread.sleep(20);
            }
            double ingest = (System.nanoTime() - t0) / 1e9;
            Timer closes = app.registry().get("blip.close.duration").timer();
            System.out.printf(Locale.ROOT, "%d keys: ingest %.1f s, of which %.1f s in %d closing punctuations (%.1f s scoring)%n", keys,
                    ingest, closes.totalTime(TimeUnit.SECONDS), closes.count(),
                    app.registry().get("blip.scoring.latency").timer().totalTime(TimeUnit.SECONDS));
            drain(outputs);
            List<Double> latencies = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                int bucket = backlog + r;
                Set<String> waiting = latencyRound(producer, input, keys, bucket, perKey, r);
                Thread.sleep(500);
                double closing = closes.totalTime(TimeUnit.MILLISECONDS);
                int samples = latencies.size();
                long sent = System.nanoTime();
                seal(producer, input, bucket + 1);
                long roundEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!waiting.isEmpty() && System.nanoTime() < roundEnd) {
                    for (ConsumerRecord<byte[], byte[]> rec : outputs.poll(Duration.ofMillis(5))) {
                        if (waiting.remove(new String(rec.key(), StandardCharsets.UTF_8))) {
                            latencies.add((System.nanoTime() - sent) / 1e6);
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "round %d: closing punctuations %.0f ms, last %s record after %.0f ms%n", r,
                        closes.totalTime(TimeUnit.MILLISECONDS) - closing, SCORES ? "score" : "anomaly",
                        latencies.size() > samples ? latencies.get(latencies.size() - 1) : Double.NaN);
                if (!waiting.isEmpty()) {
                    System.out.printf(Locale.ROOT, "round %d: no %s record within 60 s for %d keys (e.g. %s)%n", r,
                            SCORES ? "score" : "anomaly", waiting.size(), waiting.iterator().next());
                }
            }
            Timer latency = app.registry().get("blip.scoring.latency").timer();
            long windows = (long) app.registry().get("blip.windows.scored").counter().count();
            double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            Result result = new Result(keys, maxBatch, events, ingest, windows, latency.totalTime(TimeUnit.SECONDS),
                    latency.count(), pct(sorted, 0.50), pct(sorted, 0.99), sorted.length, reference);
            if (!label.equals("warmup")) {
                app.close();
                restart(env, producer, outputs, input, keys, backlog + rounds, perKey, rounds);
            }
            return result;
        }
    }

    /**
     * A clean restart (the state restored from the changelogs, as at every start with key states on
     * the heap): the time from starting the new instance to the last anomaly record of the bucket
     * produced and sealed right after it starts.
     */
    static void restart(Map<String, String> env, KafkaProducer<String, String> producer, KafkaConsumer<byte[], byte[]> outputs,
                        String input, int keys, int bucket, int perKey, int round) throws Exception {
        long started = System.nanoTime();
        try (ScorerApp again = ScorerMain.start(new String[0], env)) {
            Set<String> waiting = latencyRound(producer, input, keys, bucket, perKey, round);
            seal(producer, input, bucket + 1);
            if (!again.awaitRunning(Duration.ofSeconds(120))) {
                throw new IllegalStateException("scorer did not start again");
            }
            double running = (System.nanoTime() - started) / 1e9;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!waiting.isEmpty() && System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> rec : outputs.poll(Duration.ofMillis(5))) {
                    waiting.remove(new String(rec.key(), StandardCharsets.UTF_8));
                }
            }
            System.out.printf(Locale.ROOT, "%d keys: restart to the next bucket's last anomaly record %.1f s (RUNNING after %.1f s)%s%n",
                    keys, (System.nanoTime() - started) / 1e9, running,
                    waiting.isEmpty() ? "" : "; " + waiting.size() + " keys had no record within 180 s");
        }
    }

    /**
     * One latency round's bucket: {@code perKey} events per key, {@link #SPIKE} times that for one key in
     * {@link #SPIKE_EVERY}. Returns the keys whose record the round waits for: the spiking keys (an anomaly
     * record each), or every key with the scores topic on (a verdict each).
     */
    static Set<String> latencyRound(KafkaProducer<String, String> producer, String topic, int keys, int bucket, int perKey, int round) {
        Set<String> waiting = new HashSet<>();
        long ts = START + bucket * BUCKET;
        for (int k = 0; k < keys; k++) {
            boolean spike = k % SPIKE_EVERY == round % SPIKE_EVERY;
            for (int i = 0; i < (spike ? SPIKE * perKey : perKey); i++) {
                producer.send(new ProducerRecord<>(topic, null, ts + i, "key-" + k, "{}"));
            }
            if (spike || SCORES) {
                waiting.add("key-" + k);
            }
        }
        producer.flush();
        return waiting;
    }

    /** Reads what is already on the topic (the backlog's records), so rounds see only their own. */
    static void drain(KafkaConsumer<byte[], byte[]> consumer) {
        int empty = 0;
        while (empty < 5) {
            empty = consumer.poll(Duration.ofMillis(200)).isEmpty() ? empty + 1 : 0;
        }
    }

    static Map<String, String> env(EmbeddedKafka kafka, Path model, String id, int maxBatch) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("BLIP_MODEL_PATH", model.toString());
        env.put("BLIP_APPLICATION_ID", id);
        env.put("BLIP_INPUT_TOPIC", "in-" + id);
        env.put("BLIP_OUTPUT_TOPIC", "out-" + id);
        env.put("BLIP_SCORES_TOPIC", SCORES ? "scores-" + id : "");
        env.put("BLIP_DLQ_TOPIC", "dlq-" + id);
        env.put("BLIP_INCIDENTS_TOPIC", "incidents-" + id);
        env.put("BLIP_STREAM_THREADS", Integer.toString(THREADS));
        env.put("BLIP_HTTP_PORT", "0");
        env.put("BLIP_WALL_CLOCK_CLOSE", "false");
        env.put("BLIP_INFERENCE_ENGINE", System.getProperty("blip.inference.engine", "auto"));
        env.put("BLIP_MAX_BATCH", Integer.toString(maxBatch));
        if (System.getProperty("blip.bench.compression") != null) {
            env.put("BLIP_KAFKA_COMPRESSION_TYPE", System.getProperty("blip.bench.compression"));
        }
        env.put("BLIP_STATE_DIR", Files.createTempDirectory("blip-bench-state-").toString());
        return env;
    }

    /** Events for buckets [from, to): {@code perKey} per key per bucket, spread over the first {@code span} ms. */
    static long produce(KafkaProducer<String, String> producer, String topic, int keys, int from, int to, int perKey, long span) {
        long n = 0;
        for (int t = from; t < to; t++) {
            for (int i = 0; i < perKey; i++) {
                long ts = START + t * BUCKET + span * i / perKey;
                for (int k = 0; k < keys; k++) {
                    producer.send(new ProducerRecord<>(topic, null, ts, "key-" + k, "{}"));
                    n++;
                }
            }
        }
        producer.flush();
        return n;
    }

    /** One event per partition at {@code bucket}'s start + grace: closes the bucket before it. */
    static void seal(KafkaProducer<String, String> producer, String topic, int bucket) {
        for (int p = 0; p < PARTITIONS; p++) {
            producer.send(new ProducerRecord<>(topic, p, START + bucket * BUCKET + GRACE, "seal-" + p, "{}"));
        }
        producer.flush();
    }

    static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                // the in-process test broker has been seen to hand a new idempotent producer a used id, which
                // then loops on OutOfOrderSequenceException; one request in flight keeps order without it
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String topic) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("benchmark timed out waiting for " + what);
        }
    }

    static double pct(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
