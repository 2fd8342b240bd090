package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl kustomize} renders the base and the example overlay, and every rendered object
 * is a valid object of its kind (strict fabric8 binding, nothing lost in the round trip).
 */
class KustomizeRenderTest {

    private final StrictKubernetesModel model = new StrictKubernetesModel();

    @ParameterizedTest
    @ValueSource(strings = {Manifests.BASE, Manifests.EXAMPLE_OVERLAY})
    void everyRenderedObjectBindsStrictlyAndRoundTrips(String dir) {
        List<JsonNode> documents = StrictKubernetesModel.documents(Manifests.render(dir));

        assertThat(documents).hasSizeGreaterThanOrEqualTo(14);
        for (JsonNode document : documents) {
            HasMetadata bound = model.bind(document);
            assertThat(JsonDiff.differences(document, model.toTree(bound)))
                    .as("%s %s read back as written", bound.getKind(), bound.getMetadata().getName())
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Manifests.BASE, Manifests.EXAMPLE_OVERLAY})
    void everyObjectButTheNamespaceLivesInTheBlipNamespace(String dir) {
        List<HasMetadata> objects = Manifests.renderAndBind(dir);

        assertThat(Manifests.one(objects, Namespace.class, "blip").getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(objects).filteredOn(o -> !(o instanceof Namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                        .as("%s %s", o.getKind(), o.getMetadata().getName()).isEqualTo("blip"))
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                        .as("%s %s", o.getKind(), o.getMetadata().getName())
                        .containsEntry("app.kubernetes.io/name", "blip")
                        .containsEntry("app.kubernetes.io/part-of", "blip"));
    }

    @Test
    void rawManifestFilesBindWithoutKustomize() throws Exception {
        JsonNode kustomization = new YAMLMapper().readTree(RepoFiles.read(Manifests.BASE + "/kustomization.yaml"));
        int bound = 0;
        for (JsonNode resource : kustomization.path("resources")) {
            bound += model.bindAll(RepoFiles.read(Manifests.BASE + "/" + resource.asText())).size();
        }
        assertThat(bound).isGreaterThanOrEqualTo(kustomization.path("resources").size());
    }

    @Test
    void exampleOverlayPinsImagesScalesAndLabelsForThePrometheusOperator() {
        List<HasMetadata> objects = Manifests.renderAndBind(Manifests.EXAMPLE_OVERLAY);

        StatefulSet scorer = Manifests.one(objects, StatefulSet.class, "blip-scorer");
        assertThat(scorer.getSpec().getReplicas()).isEqualTo(3);
        assertThat(scorer.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/blip/scorer:0.1.0");
        CronJob trainer = Manifests.one(objects, CronJob.class, "blip-trainer");
        assertThat(trainer.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).isEqualTo("registry.example.com/blip/trainer:0.1.0");
        assertThat(Manifests.one(objects, PersistentVolumeClaim.class, "blip-models").getSpec()
                .getStorageClassName()).isEqualTo("efs-sc");
        assertThat(Manifests.one(objects, ServiceMonitor.class, "blip-scorer").getMetadata().getLabels())
                .containsEntry("release", "kube-prometheus-stack");
        assertThat(Manifests.one(objects, PrometheusRule.class, "blip-scorer").getMetadata().getLabels())
                .containsEntry("release", "kube-prometheus-stack");
    }
}
