package dev.blip.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Binds Kubernetes YAML to the fabric8 model classes and rejects anything the API server's
 * strict field validation would reject: unknown fields, strings where numbers or booleans
 * belong, numbers where strings belong, and kinds/apiVersions we have no model for.
 *
 * <p>fabric8 classes swallow unknown fields into an {@code additionalProperties} map through a
 * {@code @JsonAnySetter}; with that any-setter in place {@code FAIL_ON_UNKNOWN_PROPERTIES} never
 * fires. The deserializer modifier below removes the any-setter from every fabric8 model class,
 * so an unknown field becomes an {@code UnrecognizedPropertyException} naming the field and its
 * path (e.g. {@code StatefulSet["spec"]->...->Container["imagePullPolcy"]}).
 */
final class StrictKubernetesModel {

    /** Every kind the manifests may contain, keyed by "apiVersion/kind". */
    private static final Map<String, Class<? extends HasMetadata>> MODELS = Stream.of(
                    Namespace.class, ServiceAccount.class, ConfigMap.class, Secret.class,
                    Service.class, PersistentVolumeClaim.class, StatefulSet.class, Deployment.class, CronJob.class,
                    PodDisruptionBudget.class, NetworkPolicy.class,
                    ServiceMonitor.class, PrometheusRule.class)
            .collect(Collectors.toUnmodifiableMap(StrictKubernetesModel::typeKey, Function.identity()));

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private final ObjectMapper strict;

    StrictKubernetesModel() {
        SimpleModule noCatchAll = new SimpleModule("fabric8-no-additional-properties");
        noCatchAll.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config,
                    BeanDescription description, BeanDeserializerBuilder builder) {
                if (description.getBeanClass().getName().startsWith("io.fabric8.")) {
                    builder.setAnySetter(null);
                }
                return builder;
            }
        });
        strict = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(noCatchAll)
                .build();
        // "8080" is not an int and 8080 is not a string to the API server: no coercion either way.
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    static String typeKey(Class<? extends HasMetadata> type) {
        return HasMetadata.getApiVersion(type) + "/" + HasMetadata.getKind(type);
    }

    /** Splits a multi-document YAML stream into its (non-empty) documents. */
    static List<JsonNode> documents(String yaml) {
        try (var it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode doc = (JsonNode) it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binds one object to its model class; fails naming the object and the offending field. */
    HasMetadata bind(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String name = object.path("metadata").path("name").asText();
        Class<? extends HasMetadata> type = MODELS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new IllegalArgumentException("no model for apiVersion=" + apiVersion + " kind=" + kind
                    + " (object " + name + "); known: " + MODELS.keySet());
        }
        try {
            return strict.treeToValue(object, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(kind + " " + name + " is not a valid " + apiVersion + " "
                    + kind + ": " + e.getMessage(), e);
        }
    }

    List<HasMetadata> bindAll(String yaml) {
        return documents(yaml).stream().map(this::bind).toList();
    }

    /** The object serialised back to a tree, to compare with what was read. */
    JsonNode toTree(HasMetadata object) {
        return new ObjectMapper().valueToTree(object);
    }
}
