package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

/** The strict binder rejects what the API server would reject, and only that. */
class StrictKubernetesModelTest {

    private final StrictKubernetesModel model = new StrictKubernetesModel();

    private static final String STATEFUL_SET = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: s
              labels:
                a: "1"
            spec:
              serviceName: h
              selector:
                matchLabels: {a: "1"}
              template:
                metadata:
                  labels: {a: "1"}
                spec:
                  containers:
                    - name: c
                      image: i
                      ports:
                        - containerPort: 8080
                      resources:
                        limits: {memory: 2Gi}
            """;

    @Test
    void bindsAValidObjectToItsModelClass() {
        HasMetadata bound = model.bindAll(STATEFUL_SET).get(0);

        assertThat(bound).isInstanceOf(StatefulSet.class);
        StatefulSet set = (StatefulSet) bound;
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0)
                .getContainerPort()).isEqualTo(8080);
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                .getLimits().get("memory").toString()).isEqualTo("2Gi");
    }

    @Test
    void rejectsAMisspeltFieldNamingItsPath() {
        String bad = STATEFUL_SET.replace("image: i", "image: i\n          imagePullPolcy: Always");

        assertThatThrownBy(() -> model.bindAll(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StatefulSet s")
                .hasMessageContaining("imagePullPolcy")
                .hasMessageContaining("containers");
    }

    @Test
    void rejectsAStringWhereTheApiWantsANumber() {
        String bad = STATEFUL_SET.replace("containerPort: 8080", "containerPort: \"8080\"");

        assertThatThrownBy(() -> model.bindAll(bad)).hasMessageContaining("containerPort");
    }

    @Test
    void rejectsANumberWhereTheApiWantsAString() {
        String bad = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                  labels:
                    grafana_dashboard: 1
                """;

        assertThatThrownBy(() -> model.bindAll(bad)).hasMessageContaining("labels");
    }

    @Test
    void rejectsKindsAndVersionsWithoutAModel() {
        String old = STATEFUL_SET.replace("apps/v1", "apps/v1beta1");

        assertThatThrownBy(() -> model.bindAll(old))
                .hasMessageContaining("no model for apiVersion=apps/v1beta1 kind=StatefulSet");
    }

    @Test
    void rejectsDuplicateKeys() {
        String dup = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                data:
                  a: x
                  a: y
                """;

        assertThatThrownBy(() -> model.bindAll(dup)).hasMessageContaining("a");
    }

    @Test
    void splitsMultiDocumentStreamsSkippingEmptyDocuments() {
        String two = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n";

        assertThat(model.bindAll(two)).extracting(o -> o.getMetadata().getName()).containsExactly("a", "b");
        assertThat(model.bindAll(two)).allMatch(ConfigMap.class::isInstance);
    }
}
