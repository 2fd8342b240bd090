package dev.blip.demo;

import dev.blip.kafka.embedded.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the demo's short mode against a real broker and checks what it printed against the topic. */
class DemoIT {

    @Test
    void shortDemoFindsMostInjectedAnomaliesAndReportsWhatIsOnTheTopic() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            StringWriter text = new StringWriter();
            CommandLine cl = DemoMain.commandLine(Clock.systemUTC(), new PrintWriter(text, true));
            int exit = cl.execute("run", "--short", "--quiet", "--bootstrap-servers", kafka.bootstrapServers(), "--http-port", "0");
            String printed = text.toString();
            assertThat(exit).as(printed).isZero();
            RunCommand run = cl.getSubcommands().get("run").getCommand();
            DemoSummary summary = run.summary();

            assertThat(summary.injected()).isGreaterThanOrEqualTo(4);
            assertThat(summary.recall()).as(printed).isGreaterThanOrEqualTo(0.9);
            assertThat(summary.precision()).as(printed).isGreaterThanOrEqualTo(0.7);

            long onTopic = countRecords(kafka.bootstrapServers(), run.anomaliesTopic());
            Matcher m = Pattern.compile("anomaly records: (\\d+)").matcher(printed);
            assertThat(m.find()).as(printed).isTrue();
            assertThat(Long.parseLong(m.group(1))).isEqualTo(onTopic).isPositive();
            assertThat(printed).contains(String.format("event-wise precision %.2f  recall %.2f",
                    summary.precision(), summary.recall()));
            assertThat(printed).contains("metrics: http://localhost:");
        }
    }

    private static long countRecords(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "demo-it-count",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long count = 0;
            int emptyPolls = 0;
            while (emptyPolls < 10) {
                int n = 0;
                for (ConsumerRecord<String, String> ignored : consumer.poll(Duration.ofMillis(500))) {
                    n++;
                }
                count += n;
                emptyPolls = n == 0 ? emptyPolls + 1 : 0;
            }
            return count;
        }
    }
}
