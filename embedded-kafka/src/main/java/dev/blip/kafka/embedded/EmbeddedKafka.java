package dev.blip.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import kafka.server.BrokerServer;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A real Kafka broker in this JVM: one combined KRaft controller+broker node built with Kafka's
 * own {@code KafkaClusterTestKit}. Single-node settings matter: the offsets and transaction
 * state topics default to replication factor 3 and a lone node waits for them forever.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The SASL/PLAIN user of {@link #startWithSaslPlain}: Kafka's test kit creates it. */
    public static final String SASL_USER = "plain-admin";
    public static final String SASL_PASSWORD = "plain-admin-secret";

    private final KafkaClusterTestKit cluster;
    private final Path baseDir;
    private final Map<String, String> clientProperties;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path baseDir, Map<String, String> clientProperties) {
        this.cluster = cluster;
        this.baseDir = baseDir;
        this.clientProperties = clientProperties;
    }

    /** Starts a broker with its data in a fresh temporary directory (deleted on close). */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /** Starts a broker; {@code brokerProps} override the single-node defaults. */
    public static EmbeddedKafka start(Map<String, String> brokerProps) {
        return start(brokerProps, SecurityProtocol.PLAINTEXT);
    }

    /**
     * Starts a broker whose client listener requires SASL/PLAIN ({@code SASL_PLAINTEXT}), as a
     * secured cluster would: clients need {@link #clientProperties()} (user {@value #SASL_USER}).
     * Kafka's test kit points the JVM-wide {@code java.security.auth.login.config} at the broker's
     * JAAS file; clients here pass {@code sasl.jaas.config} explicitly.
     */
    public static EmbeddedKafka startWithSaslPlain() {
        return start(Map.of(), SecurityProtocol.SASL_PLAINTEXT);
    }

    private static EmbeddedKafka start(Map<String, String> brokerProps, SecurityProtocol protocol) {
        try {
            Path base = Files.createTempDirectory("blip-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(base)
                    .setBrokerSecurityProtocol(protocol)
                    .setControllerSecurityProtocol(protocol)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setDeleteOnClose(true)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("num.partitions", "1");
            brokerProps.forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            Map<String, String> client = protocol == SecurityProtocol.SASL_PLAINTEXT ? Map.of(
                    "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + SASL_USER + "\" password=\"" + SASL_PASSWORD + "\";") : Map.of();
            return new EmbeddedKafka(cluster, base, client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /** Kafka's storage formatter prints its bootstrap records to stdout; keep the demo's console clean. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream original = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                cluster.format();
            } finally {
                System.setOut(original);
            }
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Path baseDirectory() {
        return baseDir;
    }

    /** Client properties this broker needs besides the bootstrap servers (empty unless SASL). */
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    public Admin admin() {
        Map<String, Object> config = new java.util.HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(config);
    }

    /** Creates topics with the given partition count (replication factor 1). */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + Arrays.toString(names) + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Stops the broker and starts it again after {@code downtime}, on the same port and log
     * directories; the KRaft controller keeps running. For broker-fault tests: clients see every
     * connection drop and must reconnect on their own.
     */
    public void restartBroker(Duration downtime) {
        BrokerServer broker = cluster.brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
        try {
            Thread.sleep(downtime.toMillis());
            broker.startup();
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the embedded Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("error while stopping the embedded Kafka broker", e);
        }
    }
}
