package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docker/docker-compose.yml (there is no Docker engine here to run it): {@code docker-compose config}
 * validates it against the Compose schema when installed, and read as YAML its services, their
 * order, images, volumes and the scorer's configuration agree with each other and the repo.
 */
class ComposeFileTest {

    private static final String COMPOSE = "docker/docker-compose.yml";
    private static final List<String> TOPICS = List.of("events", "anomalies", "incidents", "blip-scores", "blip-dlq");

    private JsonNode services;
    private JsonNode compose;

    @BeforeEach
    void load() throws Exception {
        YAMLMapper yaml = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
        compose = yaml.readTree(RepoFiles.read(COMPOSE));
        services = compose.path("services");
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        ExternalTool compose = ExternalTool.require("docker-compose",
                "apt-get install docker-compose (Debian; validates against the Compose schema, no engine needed)");

        ExternalTool.Result result = compose.run(RepoFiles.path("docker"), "-f", "docker-compose.yml", "config", "-q");

        assertThat(result.exitCode()).as("%s", result).isZero();
    }

    @Test
    void hasTheDemoStackServices() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactlyInAnyOrder("kafka", "kafka-topics", "generator", "wait-for-history",
                "trainer", "scorer", "alerts", "alertmanager", "prometheus", "grafana");
    }

    @Test
    void kafkaIsTheOfficialImageOfOurKafkaVersionInKraftModeWithNetworkAndHostListeners() {
        JsonNode kafka = services.path("kafka");
        JsonNode env = kafka.path("environment");

        assertThat(kafka.path("image").asText()).isEqualTo("apache/kafka:" + kafkaVersionFromPom());
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText())
                .contains("PLAINTEXT://kafka:9092").contains("HOST://localhost:29092");
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText()).isEqualTo("1");
        assertThat(kafka.path("ports").get(0).asText()).isEqualTo("29092:29092");
        // kafka-storage format needs a Kafka Uuid: 16 bytes, URL-safe base64 without padding.
        assertThat(Base64.getUrlDecoder().decode(env.path("CLUSTER_ID").asText())).hasSize(16);
        assertThat(services.path("kafka-topics").path("image").asText()).isEqualTo(kafka.path("image").asText());
    }

    @Test
    void topicsAreCreatedBeforeAnythingProduces() {
        String script = services.path("kafka-topics").path("command").get(0).asText();

        TOPICS.forEach(topic -> assertThat(script).contains(topic));
        assertThat(condition("kafka-topics", "kafka")).isEqualTo("service_healthy");
        assertThat(condition("generator", "kafka-topics")).isEqualTo("service_completed_successfully");
    }

    @Test
    void trainerRunsOnceAfterHistoryAndTheScorerOnlyAfterATrainedModel() {
        assertThat(condition("wait-for-history", "generator")).isEqualTo("service_started");
        assertThat(condition("trainer", "wait-for-history")).isEqualTo("service_completed_successfully");
        assertThat(condition("scorer", "trainer")).isEqualTo("service_completed_successfully");
        assertThat(services.path("trainer").path("restart").asText()).isEqualTo("no");

        assertThat(args("generator")).containsExactly("generate", "--bootstrap-servers", "kafka:9092",
                "--topic", "events", "--keys", "200", "--speed", "60");
        assertThat(args("trainer")).containsExactly("train", "--bootstrap-servers", "kafka:9092",
                "--topic", "events", "--output", "/models/model.zip", "--bucket", "1m", "--window", "32", "--quiet");
    }

    @Test
    void scorerConfigUsesContractVariablesAndMatchesTheTrainerAndBroker() {
        JsonNode env = services.path("scorer").path("environment");
        List<String> contract = RepoFiles.resourceList("scorer-env.txt");

        env.fieldNames().forEachRemaining(key -> assertThat(contract.contains(key)
                || key.matches("BLIP_KAFKA_[A-Z0-9_]+")).as("%s is a scorer variable", key).isTrue());
        assertThat(env.path("BLIP_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        assertThat(env.path("BLIP_INPUT_TOPIC").asText()).isEqualTo("events");
        List<String> trainerArgs = args("trainer");
        assertThat(env.path("BLIP_MODEL_PATH").asText())
                .isEqualTo(trainerArgs.get(trainerArgs.indexOf("--output") + 1));
        assertThat(TOPICS).contains(env.path("BLIP_OUTPUT_TOPIC").asText(), env.path("BLIP_SCORES_TOPIC").asText(),
                env.path("BLIP_DLQ_TOPIC").asText(), env.path("BLIP_INCIDENTS_TOPIC").asText());
        assertThat(services.path("alerts").path("environment").path("BLIP_ALERTS_INCIDENTS_TOPIC").asText())
                .as("the sink reads the scorer's incidents").isEqualTo(env.path("BLIP_INCIDENTS_TOPIC").asText());
        assertThat(volumes("scorer")).contains("models:/models:ro",
                "scorer-state:" + env.path("BLIP_STATE_DIR").asText());
        assertThat(volumes("trainer")).contains("models:/models");
        assertThat(services.path("scorer").path("ports").get(0).asText())
                .isEqualTo(env.path("BLIP_HTTP_PORT").asText() + ":8080");
    }

    @Test
    void alertsSinkReadsTheScorersEpisodesAndPostsToTheComposeAlertmanager() {
        JsonNode env = services.path("alerts").path("environment");

        env.fieldNames().forEachRemaining(key -> assertThat(key).startsWith("BLIP_ALERTS_"));
        assertThat(env.path("BLIP_ALERTS_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        assertThat(env.path("BLIP_ALERTS_TOPIC").asText())
                .isEqualTo(services.path("scorer").path("environment").path("BLIP_OUTPUT_TOPIC").asText());
        assertThat(env.path("BLIP_ALERTS_ALERTMANAGER_URL").asText()).isEqualTo("http://alertmanager:9093");
        assertThat(condition("alerts", "alertmanager")).isEqualTo("service_started");
        assertThat(services.path("alerts").path("ports").get(0).asText())
                .isEqualTo(env.path("BLIP_ALERTS_HTTP_PORT").asText() + ":8081");
    }

    @Test
    void prometheusScrapesTheScorerByItsServiceName() throws Exception {
        JsonNode config = new YAMLMapper().readTree(RepoFiles.read("docker/prometheus/prometheus.yml"));
        String target = config.path("scrape_configs").get(0).path("static_configs").get(0).path("targets").get(0).asText();
        String port = services.path("scorer").path("environment").path("BLIP_HTTP_PORT").asText();

        assertThat(target).isEqualTo("scorer:" + port);
    }

    @Test
    void everyBuildAndMountedFileExistsInTheRepository() {
        Path composeDir = RepoFiles.path("docker");
        int builds = 0;
        int mounts = 0;
        for (Map.Entry<String, JsonNode> service : iterable(services)) {
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = composeDir.resolve(build.path("context").asText()).normalize();
                assertThat(context.resolve(build.path("dockerfile").asText())).as(service.getKey()).isRegularFile();
                assertThat(service.getValue().path("image").asText()).as(service.getKey()).startsWith("blip/");
                builds++;
            }
            for (String volume : volumes(service.getKey())) {
                String source = volume.split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(Files.exists(composeDir.resolve(source))).as("%s mounts %s", service.getKey(), source)
                            .isTrue();
                    mounts++;
                } else {
                    assertThat(compose.path("volumes").has(source)).as("named volume %s declared", source).isTrue();
                }
            }
        }
        assertThat(builds).isEqualTo(4);
        assertThat(mounts).isGreaterThanOrEqualTo(4);
    }

    private String condition(String service, String dependency) {
        JsonNode dep = services.path(service).path("depends_on").path(dependency);
        assertThat(dep.isMissingNode()).as("%s depends on %s", service, dependency).isFalse();
        return dep.path("condition").asText();
    }

    private List<String> args(String service) {
        List<String> args = new ArrayList<>();
        services.path(service).path("command").forEach(a -> args.add(a.asText()));
        return args;
    }

    private List<String> volumes(String service) {
        List<String> volumes = new ArrayList<>();
        services.path(service).path("volumes").forEach(v -> volumes.add(v.asText()));
        return volumes;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }

    private static String kafkaVersionFromPom() {
        Matcher m = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(RepoFiles.read("pom.xml"));
        assertThat(m.find()).as("kafka.version in the parent pom").isTrue();
        return m.group(1);
    }
}
