package dev.blip.reliability.support;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.kafka.embedded.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * One reliability scenario: its topics on the shared broker, its output directory (scorer logs,
 * state directory, bundle file) and the scorer's environment.
 */
public final class Scenario {

    public static final boolean LONG = "long".equals(System.getProperty("reliability.scale", "short"));

    public final String name;
    public final String input;
    public final String anomalies;
    public final String scores;
    public final String dlq;
    public final String incidents;
    public final String applicationId;
    public final int partitions;
    public final Path dir;
    public final Path stateDir;
    public final Path model;
    private final EmbeddedKafka kafka;
    private int runs;

    public Scenario(EmbeddedKafka kafka, String name, int partitions) {
        this.kafka = kafka;
        this.name = name;
        this.partitions = partitions;
        this.input = name + "-events";
        this.anomalies = name + "-anomalies";
        this.scores = name + "-scores";
        this.dlq = name + "-dlq";
        this.incidents = name + "-incidents";
        this.applicationId = "blip-" + name;
        this.dir = Path.of(System.getProperty("reliability.out", "target/reliability")).toAbsolutePath().resolve(name);
        this.stateDir = dir.resolve("state");
        this.model = dir.resolve("model.blip");
        deleteRecursively(dir);
        kafka.createTopics(partitions, input, anomalies, scores, dlq, incidents);
        awaitLeaders(List.of(input, anomalies, scores, dlq, incidents));
    }

    /**
     * Waits until every partition has a leader. Producing into a topic created a moment ago can
     * get NOT_LEADER_OR_FOLLOWER, and one run's idempotent producer then never recovered
     * (OutOfOrderSequenceException on every retry); waiting first avoids that start-up race.
     */
    private void awaitLeaders(List<String> topics) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Admin admin = admin()) {
            while (true) {
                Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get();
                boolean ready = d.values().stream().flatMap(t -> t.partitions().stream())
                        .allMatch(p -> p.leader() != null && p.leader().id() >= 0);
                if (ready) {
                    return;
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("topics " + topics + " have no leaders after 30 s: " + d);
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topics + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A broker for these tests. Event times here are in 2023 and Kafka deletes log segments whose
     * newest timestamp is older than the retention period (7 days by default) within minutes, so
     * the input and the outputs (stamped with bucket ends) would vanish mid-test: retention off.
     */
    public static EmbeddedKafka broker() {
        return EmbeddedKafka.start(Map.of("log.retention.ms", "-1"));
    }

    public String bootstrap() {
        return kafka.bootstrapServers();
    }

    public Admin admin() {
        return kafka.admin();
    }

    public ModelBundle saveModel(ModelBundle bundle) {
        return BundleIO.save(bundle.manifest(), bundle.network(), model);
    }

    /**
     * The scorer's environment: repeatable settings (no wall-clock close: closing depends only on
     * the input, so outputs can be compared with the offline path).
     */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_BOOTSTRAP_SERVERS", bootstrap());
        env.put("BLIP_APPLICATION_ID", applicationId);
        env.put("BLIP_INPUT_TOPIC", input);
        env.put("BLIP_OUTPUT_TOPIC", anomalies);
        env.put("BLIP_SCORES_TOPIC", scores);
        env.put("BLIP_DLQ_TOPIC", dlq);
        env.put("BLIP_INCIDENTS_TOPIC", incidents);
        env.put("BLIP_MODEL_PATH", model.toString());
        env.put("BLIP_STATE_DIR", stateDir.toString());
        env.put("BLIP_WALL_CLOCK_CLOSE", "false");
        env.put("BLIP_MODEL_WATCH_INTERVAL", "200ms");
        // A SIGKILLed member stays in the group until its session times out (Streams default 45 s);
        // the broker's minimum keeps restarts quick. Passed through like any Kafka client property.
        env.put("BLIP_KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("BLIP_KAFKA_HEARTBEAT_INTERVAL_MS", "1500");
        return env;
    }

    /** Starts a scorer (log file {@code run-N.log} in the scenario directory). */
    public ScorerProcess start(Map<String, String> env, String heap) {
        return ScorerProcess.start(env, dir.resolve("run-" + (++runs) + ".log"), heap);
    }

    public void wipeState() {
        deleteRecursively(stateDir);
    }

    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long directorySize(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
