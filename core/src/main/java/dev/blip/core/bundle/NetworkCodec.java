package dev.blip.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blip.core.io.LogText;
import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The network inside a bundle ({@code network.bin}): a zip of DL4J's JSON configuration and the
 * flat coefficient vector, in the layout DL4J's {@code ModelSerializer} writes. Reading never goes
 * through {@code ModelSerializer}'s restore path, which deserialises Java objects from any
 * {@code preprocessor.bin} entry: only the two entries are accepted, the JSON may name only the
 * layer, activation, initialiser, updater and loss classes the autoencoder is built from, and the
 * coefficients are parsed by {@link Coefficients} into exactly as many finite numbers as the
 * configuration has parameters.
 */
final class NetworkCodec {

    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";
    static final long MAX_CONFIGURATION_BYTES = 1L << 20;
    /** Room for the configuration, zip headers and the coefficient headers next to the weights. */
    private static final long OVERHEAD_BYTES = MAX_CONFIGURATION_BYTES + (64L << 10);
    private static final int MAX_JSON_DEPTH = 64;

    /** Every class a blip autoencoder's configuration names; anything else is refused before DL4J parses it. */
    static final Set<String> ALLOWED_CLASSES = Set.of(
            "org.deeplearning4j.nn.conf.layers.LSTM",
            "org.deeplearning4j.nn.conf.layers.RnnOutputLayer",
            "org.deeplearning4j.nn.conf.layers.misc.RepeatVector",
            "org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep",
            "org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional",
            "org.deeplearning4j.nn.weights.WeightInitXavier",
            "org.nd4j.linalg.activations.impl.ActivationIdentity",
            "org.nd4j.linalg.activations.impl.ActivationSigmoid",
            "org.nd4j.linalg.activations.impl.ActivationTanH",
            "org.nd4j.linalg.learning.config.Adam",
            "org.nd4j.linalg.lossfunctions.impl.LossMSE");

    private NetworkCodec() {
    }

    /**
     * DL4J's serialised network (configuration and coefficients, no updater), re-packed with fixed
     * entry times: ModelSerializer stamps its inner zip with the wall clock, which would give the
     * same weights a different content hash (model version) on every save.
     */
    static byte[] encode(MultiLayerNetwork network) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, raw, false);
        ByteArrayOutputStream canonical = new ByteArrayOutputStream(raw.size());
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(raw.toByteArray()));
             ZipOutputStream out = new ZipOutputStream(canonical)) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.getName().equals(CONFIGURATION) && !e.getName().equals(COEFFICIENTS)) {
                    throw new IllegalStateException("DL4J wrote an unexpected network entry " + e.getName());
                }
                BundleZip.put(out, e.getName(), in.readAllBytes());
            }
        }
        return canonical.toByteArray();
    }

    /** The most bytes a network for {@code model} can take (double precision), before and after inflating. */
    static long maxBytes(ModelConfig model) {
        return expectedParameters(model) * Double.BYTES + OVERHEAD_BYTES;
    }

    private static long expectedParameters(ModelConfig model) {
        long n = 0;
        for (NeuralNetConfiguration c : AutoencoderFactory.configuration(model, DataType.FLOAT).getConfs()) {
            n += c.getLayer().initializer().numParams(c);
        }
        return n;
    }

    /** Rebuilds the network from its configuration and coefficients, refusing anything else. */
    static MultiLayerNetwork decode(byte[] networkBytes, ModelConfig model, String where) {
        long cap = expectedParameters(model) * Double.BYTES + 1024;
        Map<String, Long> caps = new LinkedHashMap<>();
        caps.put(CONFIGURATION, MAX_CONFIGURATION_BYTES);
        caps.put(COEFFICIENTS, cap);
        Map<String, byte[]> entries = BundleZip.readNested(networkBytes, new BundleZip.Allowed(caps), where + "!" + BundleIO.NETWORK);
        for (String name : caps.keySet()) {
            if (!entries.containsKey(name)) {
                throw new BundleException(BundleIO.NETWORK, name + " is missing from " + BundleIO.NETWORK + " in " + where);
            }
        }
        MultiLayerConfiguration conf = configuration(entries.get(CONFIGURATION), where);
        long parameters = 0;
        for (NeuralNetConfiguration c : conf.getConfs()) {
            parameters += c.getLayer().initializer().numParams(c);
        }
        INDArray params = Coefficients.read(entries.get(COEFFICIENTS), conf.getDataType(), parameters, where);
        try {
            MultiLayerNetwork network = new MultiLayerNetwork(conf);
            network.init(params, false);
            return network;
        } catch (RuntimeException e) {
            throw new BundleException(BundleIO.NETWORK, "cannot build the network in " + where + ": " + e.getMessage(), e);
        }
    }

    private static MultiLayerConfiguration configuration(byte[] bytes, String where) {
        String field = BundleIO.NETWORK + "/" + CONFIGURATION;
        JsonNode tree;
        try {
            tree = BundleIO.json().readTree(bytes);
        } catch (IOException e) {
            throw new BundleException(field, "not valid JSON in " + where + ": " + e.getMessage());
        }
        if (tree == null || !tree.isObject() || !tree.path("confs").isArray() || tree.path("confs").isEmpty()) {
            throw new BundleException(field, "in " + where + " is not a DL4J network configuration (no 'confs' list)");
        }
        checkClasses(tree, 0, field, where);
        for (JsonNode conf : tree.path("confs")) {
            if (!conf.path("layer").path("@class").isTextual()) {
                throw new BundleException(field, "in " + where + ": every layer must name its class with '@class'");
            }
        }
        JsonNode pre = tree.path("inputPreProcessors");
        if (!pre.isMissingNode() && !pre.isNull() && !pre.isEmpty()) {
            throw new BundleException(field, "in " + where + ": input preprocessors are not part of a blip network, got " + pre.size());
        }
        try {
            return MultiLayerConfiguration.fromJson(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new BundleException(field, "DL4J cannot read the configuration in " + where + ": " + e.getMessage(), e);
        }
    }

    private static void checkClasses(JsonNode node, int depth, String field, String where) {
        if (depth > MAX_JSON_DEPTH) {
            throw new BundleException(field, "in " + where + " nests deeper than " + MAX_JSON_DEPTH + " levels");
        }
        if (node.isObject()) {
            JsonNode type = node.get("@class");
            if (type != null && !(type.isTextual() && ALLOWED_CLASSES.contains(type.asText()))) {
                throw new BundleException(field, "in " + where + " names class '" + LogText.escape(type.asText())
                        + "', which is not part of a blip autoencoder (allowed: the LSTM, RepeatVector, LastTimeStep, "
                        + "Bidirectional and RnnOutputLayer layers with their activations, Xavier init, Adam and MSE)");
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                checkClasses(it.next(), depth + 1, field, where);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                checkClasses(child, depth + 1, field, where);
            }
        }
    }
}
