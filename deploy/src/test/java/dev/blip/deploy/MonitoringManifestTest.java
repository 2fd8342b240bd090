package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scraping, network isolation and the dashboard as the rendered base ships them. */
class MonitoringManifestTest {

    private List<HasMetadata> objects;
    private Map<String, String> scorerPodLabels;

    @BeforeEach
    void render() {
        objects = Manifests.renderAndBind(Manifests.BASE);
        scorerPodLabels = Manifests.one(objects, StatefulSet.class, "blip-scorer")
                .getSpec().getTemplate().getMetadata().getLabels();
    }

    @Test
    void serviceMonitorScrapesEachScorerOnceThroughTheRegularService() {
        ServiceMonitor monitor = Manifests.one(objects, ServiceMonitor.class, "blip-scorer");
        Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();

        List<Service> scraped = Manifests.all(objects, Service.class).stream()
                .filter(s -> Manifests.selects(selector, s.getMetadata().getLabels()))
                .toList();
        assertThat(scraped).extracting(s -> s.getMetadata().getName()).containsExactly("blip-scorer");
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPath()).isEqualTo("/metrics");
            assertThat(scraped.get(0).getSpec().getPorts()).extracting(p -> p.getName()).contains(endpoint.getPort());
        });
    }

    @Test
    void theAlertsSinkIsScrapedThroughItsOwnServiceUnderTheJobItsRulesSelect() {
        ServiceMonitor monitor = Manifests.one(objects, ServiceMonitor.class, "blip-alerts");
        Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
        List<Service> scraped = Manifests.all(objects, Service.class).stream()
                .filter(s -> Manifests.selects(selector, s.getMetadata().getLabels()))
                .toList();
        // the Prometheus Operator names the job after the Service: blip-alerts, as the rules expect
        assertThat(scraped).extracting(s -> s.getMetadata().getName()).containsExactly("blip-alerts");
        Map<String, String> sinkPods = Manifests.one(objects, io.fabric8.kubernetes.api.model.apps.Deployment.class, "blip-alerts")
                .getSpec().getTemplate().getMetadata().getLabels();
        assertThat(Manifests.selects(scraped.get(0).getSpec().getSelector(), sinkPods)).as("the Service selects the sink's pods").isTrue();
        assertThat(Manifests.selects(scraped.get(0).getSpec().getSelector(), scorerPodLabels)).isFalse();
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPath()).isEqualTo("/metrics");
            assertThat(scraped.get(0).getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo(endpoint.getPort());
                assertThat(p.getPort()).as("the sink's BLIP_ALERTS_HTTP_PORT default").isEqualTo(8081);
            });
        });
        // and the scorer's monitor does not scrape the sink
        ServiceMonitor scorer = Manifests.one(objects, ServiceMonitor.class, "blip-scorer");
        assertThat(Manifests.selects(scorer.getSpec().getSelector().getMatchLabels(), scraped.get(0).getMetadata().getLabels())).isFalse();
    }

    @Test
    void scorerAcceptsOnlyPrometheusFromTheMonitoringNamespaceOnItsHttpPort() {
        NetworkPolicy policy = Manifests.one(objects, NetworkPolicy.class, "blip-scorer");

        assertThat(Manifests.selects(policy.getSpec().getPodSelector().getMatchLabels(), scorerPodLabels)).isTrue();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(8080);
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "monitoring");
                assertThat(peer.getPodSelector().getMatchLabels())
                        .containsEntry("app.kubernetes.io/name", "prometheus");
            });
        });
    }

    @Test
    void blipPodsMayReachOnlyDnsAndKafkaPorts() {
        for (String name : List.of("blip-scorer", "blip-trainer")) {
            NetworkPolicy policy = Manifests.one(objects, NetworkPolicy.class, name);
            List<Integer> ports = policy.getSpec().getEgress().stream()
                    .flatMap(rule -> rule.getPorts().stream())
                    .map(NetworkPolicyPort::getPort)
                    .map(p -> p.getIntVal())
                    .toList();
            assertThat(ports).as(name).contains(53, 9092).allMatch(p -> p == 53 || (p >= 9092 && p <= 9096));
            assertThat(policy.getSpec().getPolicyTypes()).as(name).contains("Egress");
        }
        assertThat(Manifests.one(objects, NetworkPolicy.class, "blip-trainer").getSpec().getIngress()).isEmpty();
        // the alerts sink also reaches Alertmanager (9093, among the Kafka ports) and takes scrapes on 8081
        NetworkPolicy alerts = Manifests.one(objects, NetworkPolicy.class, "blip-alerts");
        assertThat(alerts.getSpec().getEgress().stream().flatMap(rule -> rule.getPorts().stream())
                .map(p -> p.getPort().getIntVal()).toList()).contains(53, 9092, 9093).allMatch(p -> p == 53 || (p >= 9092 && p <= 9096));
        assertThat(alerts.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(8081));
    }

    @Test
    void dashboardConfigMapIsTheComposeDashboardLabelledForTheGrafanaSidecar() {
        ConfigMap dashboard = Manifests.one(objects, ConfigMap.class, "blip-dashboard");

        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getData()).containsOnlyKeys("blip.json");
        assertThat(dashboard.getData().get("blip.json"))
                .isEqualTo(RepoFiles.read("docker/grafana/dashboards/blip.json"));
    }
}
