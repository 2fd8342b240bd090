package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Renders kustomizations with the real {@code kubectl kustomize} and binds the result strictly. */
final class Manifests {

    static final String BASE = "k8s/base";
    static final String EXAMPLE_OVERLAY = "k8s/overlays/example";

    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** The YAML stream {@code kubectl kustomize <dir>} prints; skips the test without kubectl. */
    static String render(String dir) {
        ExternalTool kubectl = ExternalTool.require("kubectl",
                "apt-get install kubectl (or any kubectl >= 1.27, which embeds kustomize v5)");
        return RENDERED.computeIfAbsent(dir, d -> {
            ExternalTool.Result result = kubectl.run(RepoFiles.root(), "kustomize", d);
            assertThat(result.exitCode()).as("%s", result).isZero();
            return result.output();
        });
    }

    static List<HasMetadata> renderAndBind(String dir) {
        return new StrictKubernetesModel().bindAll(render(dir));
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> matches = all(objects, type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .toList();
        assertThat(matches).as("%s named %s", type.getSimpleName(), name).hasSize(1);
        return matches.get(0);
    }

    /** The one object of a type whose name starts with a prefix (for hash-suffixed ConfigMaps). */
    static <T extends HasMetadata> T onePrefixed(List<HasMetadata> objects, Class<T> type, String prefix) {
        List<T> matches = all(objects, type).stream()
                .filter(o -> o.getMetadata().getName().startsWith(prefix))
                .toList();
        assertThat(matches).as("%s named %s*", type.getSimpleName(), prefix).hasSize(1);
        return matches.get(0);
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** True when every selector entry is among the labels (Kubernetes matchLabels semantics). */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
