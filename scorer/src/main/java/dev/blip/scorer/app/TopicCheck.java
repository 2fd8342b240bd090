package dev.blip.scorer.app;

import dev.blip.scorer.config.ConfigViolation;
import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.config.Setting;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before the stream starts: every topic the configuration names must exist. A missing output
 * topic would otherwise fail the scorer only when it first writes there (for incidents, at the
 * first incident, perhaps days later) and then on every restart; refused here instead, naming the
 * setting, the rule and the topic. A cluster that does not answer within the timeout is not a
 * configuration error: the check is skipped and the scorer starts (not ready until Kafka answers).
 */
final class TopicCheck {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCheck.class);

    private TopicCheck() {
    }

    /** The topics the configuration uses, by the setting that names them. */
    static Map<Setting, String> topics(ScorerConfig config) {
        Map<Setting, String> out = new LinkedHashMap<>();
        out.put(Setting.INPUT_TOPIC, config.inputTopic());
        out.put(Setting.OUTPUT_TOPIC, config.outputTopic());
        out.put(Setting.DLQ_TOPIC, config.dlqTopic());
        if (config.scoresEnabled()) {
            out.put(Setting.SCORES_TOPIC, config.scoresTopic());
        }
        if (config.incidents().enabled()) {
            out.put(Setting.INCIDENTS_TOPIC, config.incidents().topic());
        }
        return out;
    }

    /** One violation per configured topic the cluster does not have; empty when all exist or the cluster did not answer. */
    static List<ConfigViolation> missing(ScorerConfig config, Duration timeout) {
        Map<Setting, String> topics = topics(config);
        Properties props = config.streamsProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        List<ConfigViolation> out = new ArrayList<>();
        try (Admin admin = Admin.create(adminOnly(props))) {
            Map<String, KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> found =
                    admin.describeTopics(List.copyOf(new java.util.LinkedHashSet<>(topics.values()))).topicNameValues();
            for (Map.Entry<Setting, String> t : topics.entrySet()) {
                try {
                    found.get(t.getValue()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        out.add(new ConfigViolation(t.getKey().env(), "the topic must exist on the cluster (create it"
                                + (t.getKey().optionalTopic()
                                ? ", or set " + t.getKey().env() + "= to turn it off)" : ")"), t.getValue()));
                    } else {
                        LOG.warn("cannot check that topic '{}' ({}) exists: {}", t.getValue(), t.getKey().env(), e.getCause().toString());
                    }
                } catch (TimeoutException e) {
                    LOG.warn("Kafka did not answer within {}; starting without checking that the configured topics exist", timeout);
                    return List.of();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** The streams properties an admin client understands (bootstrap servers and the client security settings). */
    private static Properties adminOnly(Properties streams) {
        Properties out = new Properties();
        for (String name : AdminClientConfig.configNames()) {
            if (streams.containsKey(name)) {
                out.put(name, streams.get(name));
            }
        }
        return out;
    }
}
