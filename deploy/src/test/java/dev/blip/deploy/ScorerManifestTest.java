package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the rendered base promises about the scorer StatefulSet, its config and its storage. */
class ScorerManifestTest {

    private static final Map<String, String> SCORER_LABELS = Map.of(
            "app.kubernetes.io/name", "blip", "app.kubernetes.io/component", "scorer");

    private List<HasMetadata> objects;
    private StatefulSet scorer;
    private Container container;
    private Map<String, String> config;

    @BeforeEach
    void render() {
        objects = Manifests.renderAndBind(Manifests.BASE);
        scorer = Manifests.one(objects, StatefulSet.class, "blip-scorer");
        container = scorer.getSpec().getTemplate().getSpec().getContainers().get(0);
        config = Manifests.onePrefixed(objects, ConfigMap.class, "blip-config-").getData();
    }

    @Test
    void configUsesOnlyContractVariablesAndSetsTheRequiredOnes() {
        List<String> contract = RepoFiles.resourceList("scorer-env.txt");

        assertThat(config.keySet()).allSatisfy(key -> assertThat(contract.contains(key)
                || key.matches("BLIP_KAFKA_[A-Z0-9_]+")).as("%s is a scorer variable", key).isTrue());
        assertThat(config.get("BLIP_BOOTSTRAP_SERVERS")).isNotBlank();
        assertThat(config.get("BLIP_MODEL_PATH")).isNotBlank();
        assertThat(config).containsEntry("BLIP_HTTP_PORT", "8080");
    }

    @Test
    void scorerReadsTheHashedConfigMapAndItsKafkaPasswordFromASecret() {
        String configMapName = container.getEnvFrom().get(0).getConfigMapRef().getName();
        assertThat(configMapName).startsWith("blip-config-");
        assertThat(Manifests.all(objects, ConfigMap.class)).extracting(c -> c.getMetadata().getName())
                .contains(configMapName);

        EnvVar jaas = env(container, "BLIP_KAFKA_SASL_JAAS_CONFIG");
        assertThat(jaas.getValue()).isNull();
        assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).isEqualTo("blip-kafka-credentials");
        assertThat(config).containsEntry("BLIP_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    }

    @Test
    void stateDirectoryIsOnThePodsOwnVolumeClaim() {
        assertThat(scorer.getSpec().getVolumeClaimTemplates()).extracting(t -> t.getMetadata().getName())
                .containsExactly("state");
        assertThat(mountPath(container, "state")).isEqualTo(config.get("BLIP_STATE_DIR"));
        assertThat(scorer.getSpec().getVolumeClaimTemplates().get(0).getSpec().getAccessModes())
                .containsExactly("ReadWriteOnce");
    }

    @Test
    void headlessServiceGivesThePodsTheirIdentity() {
        Service headless = Manifests.one(objects, Service.class, scorer.getSpec().getServiceName());

        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(Manifests.selects(headless.getSpec().getSelector(), podLabels())).isTrue();
        Service regular = Manifests.one(objects, Service.class, "blip-scorer");
        assertThat(regular.getSpec().getClusterIP()).isNull();
        assertThat(Manifests.selects(regular.getSpec().getSelector(), podLabels())).isTrue();
        assertThat(regular.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
    }

    @Test
    void probesHitTheHealthEndpointsOnTheHttpPort() {
        assertThat(container.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getName()).isEqualTo("http"))
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertHttpProbe(container.getLivenessProbe(), "/health/live");
        assertHttpProbe(container.getReadinessProbe(), "/health/ready");
        assertHttpProbe(container.getStartupProbe(), "/health/live");
    }

    @Test
    void resourcesAreBoundedAndMemoryIsGuaranteed() {
        var resources = container.getResources();
        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsKeys("cpu", "memory");
        // A JVM sized by MaxRAMPercentage must not be OOM-killed for using what it was promised.
        assertThat(resources.getLimits().get("memory")).isEqualTo(resources.getRequests().get("memory"));
    }

    @Test
    void everyBlipPodMeetsTheRestrictedPodSecurityStandard() {
        PodSpec trainerPod = Manifests.one(objects, CronJob.class, "blip-trainer")
                .getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        PodSpec alertsPod = Manifests.one(objects, Deployment.class, "blip-alerts").getSpec().getTemplate().getSpec();
        for (PodSpec pod : List.of(scorer.getSpec().getTemplate().getSpec(), trainerPod, alertsPod)) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            for (Container c : pod.getContainers()) {
                var security = c.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
                assertThat(security.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
                assertThat(mountPath(c, "tmp")).as("writable /tmp for %s", c.getName()).isEqualTo("/tmp");
                assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("tmp"))
                        .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
            }
        }
    }

    @Test
    void disruptionBudgetCoversTheScorerPods() {
        PodDisruptionBudget pdb = Manifests.one(objects, PodDisruptionBudget.class, "blip-scorer");

        assertThat(Manifests.selects(pdb.getSpec().getSelector().getMatchLabels(), podLabels())).isTrue();
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(scorer.getSpec().getReplicas()).isGreaterThan(1);
    }

    @Test
    void trainerWritesTheBundleToTheSharedVolumeTheScorersRead() {
        PersistentVolumeClaim models = Manifests.one(objects, PersistentVolumeClaim.class, "blip-models");
        assertThat(models.getSpec().getAccessModes()).containsExactly("ReadWriteMany");

        PodSpec trainerPod = Manifests.one(objects, CronJob.class, "blip-trainer")
                .getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container trainer = trainerPod.getContainers().get(0);
        assertThat(trainer.getArgs()).startsWith("train")
                .containsSubsequence("--output", "$(BLIP_MODEL_PATH)")
                .containsSubsequence("--bootstrap-servers", "$(BLIP_BOOTSTRAP_SERVERS)")
                .contains("--skip-bad-records");
        // Kafka security and field names reach the trainer as the same variables the scorer reads.
        assertThat(trainer.getEnv()).extracting(e -> e.getName()).contains("BLIP_KAFKA_SASL_JAAS_CONFIG");
        assertThat(trainer.getEnvFrom().get(0).getConfigMapRef().getName())
                .isEqualTo(container.getEnvFrom().get(0).getConfigMapRef().getName());

        String modelPath = config.get("BLIP_MODEL_PATH");
        for (var pod : List.of(scorer.getSpec().getTemplate().getSpec(), trainerPod)) {
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("models")).singleElement()
                    .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("blip-models"));
        }
        assertThat(modelPath).startsWith(mountPath(container, "models") + "/").startsWith(mountPath(trainer, "models") + "/");
        assertThat(mount(container, "models").getReadOnly()).isTrue();
        assertThat(mount(trainer, "models").getReadOnly()).isNotEqualTo(Boolean.TRUE);
    }

    private Map<String, String> podLabels() {
        Map<String, String> labels = scorer.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(labels).containsAllEntriesOf(SCORER_LABELS);
        return labels;
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).as("probe for %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
    }

    private static VolumeMount mount(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume));
    }

    private static String mountPath(Container c, String volume) {
        return mount(c, volume).getMountPath();
    }
}
