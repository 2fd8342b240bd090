package dev.blip.scorer.it;

import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.scorer.app.ScorerApp;
import dev.blip.scorer.app.ScorerMain;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clean stop hands the partitions over at once: a dynamic group member leaves the group (Kafka
 * Streams' own default is to stay until the session timeout, 45 s by default, which a restarted
 * or remaining instance would wait for); a static member (group.instance.id) stays, so a restart
 * gets its partitions back without a rebalance. Checked with the broker's view of the group; the
 * session timeout is a minute, so only an explicit leave empties the group within the test.
 */
class ShutdownIT {

    @RegisterExtension
    static final BrokerExtension kafka = BrokerExtension.with(ItSupport.BROKER);

    static Path model;

    @BeforeAll
    static void start() throws Exception {
        kafka.get().createTopics(2, "stop-in", "stop-out", "dlq-it-stop-dynamic", "dlq-it-stop-static");
        model = ItSupport.saveSmallBundle();
    }

    private static Map<String, String> env(String appId) {
        Map<String, String> env = new HashMap<>(ItSupport.env(kafka.get().bootstrapServers(), model, appId, "stop-in", "stop-out"));
        env.put("BLIP_KAFKA_SESSION_TIMEOUT_MS", "60000");
        return env;
    }

    @Test
    void aDynamicMemberLeavesTheGroupWhenItStops() throws Exception {
        List<MemberDescription> after = membersAfterStop("it-stop-dynamic", env("it-stop-dynamic"));
        assertThat(after).as("members right after a clean stop (session timeout 60 s)").isEmpty();
    }

    @Test
    void aStaticMemberStaysInTheGroupWhenItStops() throws Exception {
        Map<String, String> env = env("it-stop-static");
        env.put("BLIP_KAFKA_GROUP_INSTANCE_ID", "scorer-0");
        List<MemberDescription> after = membersAfterStop("it-stop-static", env);
        assertThat(after).as("the static member keeps its place for its restart").isNotEmpty()
                .allSatisfy(m -> assertThat(m.groupInstanceId()).hasValueSatisfying(id -> assertThat(id).startsWith("scorer-0")));
    }

    private static List<MemberDescription> membersAfterStop(String appId, Map<String, String> env) throws Exception {
        try (Admin admin = kafka.get().admin()) {
            ScorerApp app = ScorerMain.start(new String[0], env);
            try {
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (members(admin, appId).isEmpty()) {
                    assertThat(System.nanoTime()).as("the scorer joined its group").isLessThan(deadline);
                    Thread.sleep(100);
                }
            } finally {
                app.close();
            }
            // a leave is handled by the coordinator at once; give it a moment, far less than the session timeout
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<MemberDescription> now = members(admin, appId);
            while (!now.isEmpty() && System.nanoTime() < until) {
                Thread.sleep(200);
                now = members(admin, appId);
            }
            return now;
        }
    }

    private static List<MemberDescription> members(Admin admin, String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return d == null ? List.of() : List.copyOf(d.members());
    }
}
