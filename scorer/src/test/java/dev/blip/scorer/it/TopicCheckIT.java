package dev.blip.scorer.it;

import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.scorer.app.ScorerApp;
import dev.blip.scorer.app.ScorerMain;
import dev.blip.scorer.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A configured topic the cluster does not have is refused at start, naming its setting; never at the first write. */
class TopicCheckIT {

    @RegisterExtension
    static final BrokerExtension kafka = BrokerExtension.with(ItSupport.BROKER);

    static Path model;

    @BeforeAll
    static void start() throws Exception {
        kafka.get().createTopics(1, "check-in", "check-out", "dlq-it-check");
        model = ItSupport.saveSmallBundle();
    }

    private static Map<String, String> env() {
        return new HashMap<>(ItSupport.env(kafka.get().bootstrapServers(), model, "it-check", "check-in", "check-out"));
    }

    @Test
    void aMissingIncidentsOrScoresTopicIsRefusedAtStartWithItsSetting() {
        Map<String, String> env = env();
        env.put("BLIP_INCIDENTS_TOPIC", "no-such-incidents");
        env.put("BLIP_SCORES_TOPIC", "no-such-scores");
        assertThatThrownBy(() -> ScorerMain.start(new String[0], env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("BLIP_INCIDENTS_TOPIC").hasMessageContaining("no-such-incidents")
                .hasMessageContaining("BLIP_SCORES_TOPIC").hasMessageContaining("no-such-scores")
                .hasMessageContaining("must exist").hasMessageContaining("BLIP_INCIDENTS_TOPIC= to turn it off")
                .hasMessageNotContaining("BLIP_OUTPUT_TOPIC");
    }

    @Test
    void aMissingDeadLetterTopicIsRefusedToo() {
        Map<String, String> env = env();
        env.put("BLIP_DLQ_TOPIC", "no-such-dlq");
        assertThatThrownBy(() -> ScorerMain.start(new String[0], env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("BLIP_DLQ_TOPIC").hasMessageContaining("no-such-dlq");
    }

    @Test
    void whenEveryTopicExistsTheScorerRuns() throws Exception {
        try (ScorerApp app = ScorerMain.start(new String[0], env())) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }
}
