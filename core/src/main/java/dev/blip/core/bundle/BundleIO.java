package dev.blip.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blip.core.Product;
import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.io.AtomicFiles;
import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;


import java.nio.file.NoSuchFileException;
import java.nio.file.Path;



import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes model bundles: one zip holding {@code manifest.json} and {@code network.bin}
 * (DL4J's serialised network, without updater state). The manifest's {@code modelVersion} is the
 * SHA-256 of the network bytes followed by the manifest text with that field zeroed, so any
 * change to either is detected on load. Writing goes to a temporary file that is moved into
 * place, so a reader (e.g. a scorer watching the path) never sees half a bundle.
 */
public final class BundleIO {

    public static final String MANIFEST = "manifest.json";
    public static final String NETWORK = "network.bin";
    private static final String UNSET = "0".repeat(64);
    private static final long MAX_ENTRY_BYTES = 1L << 31;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BundleIO() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** Writes a bundle; the manifest's {@code modelVersion} is computed here. */
    public static ModelBundle save(BundleManifest manifest, MultiLayerNetwork network, Path target) {
        Encoded encoded = encode(manifest, network);
        AtomicFiles.write(target, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            put(zip, MANIFEST, encoded.manifestBytes);
            put(zip, NETWORK, encoded.networkBytes);
            zip.finish();
        });
        return new ModelBundle(encoded.manifest, network);
    }

    /** Builds the bundle in memory exactly as {@link #save} would, without touching disk. */
    public static ModelBundle inMemory(BundleManifest manifest, MultiLayerNetwork network) {
        return new ModelBundle(encode(manifest, network).manifest, network);
    }

    /** Loads and validates a bundle, refusing anything corrupt, tampered or incompatible. */
    public static ModelBundle load(Path path) {
        byte[] manifestBytes;
        byte[] networkBytes;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
            for (String name : names) {
                if (!name.equals(MANIFEST) && !name.equals(NETWORK)) {
                    throw new BundleException("file", "unexpected entry '" + name + "' in " + path
                            + " (a bundle holds only " + MANIFEST + " and " + NETWORK + ")");
                }
            }
            manifestBytes = read(zip, MANIFEST, path);
            networkBytes = read(zip, NETWORK, path);
        } catch (NoSuchFileException e) {
            throw new BundleException("file", "no model bundle at " + path);
        } catch (ZipException e) {
            throw new BundleException("file", path + " is not a readable zip archive (truncated or corrupt): " + e.getMessage());
        } catch (IOException e) {
            throw new BundleException("file", "cannot read " + path + ": " + e.getMessage(), e);
        }
        BundleManifest manifest = parse(manifestBytes, path);
        checkHash(manifest, manifestBytes, networkBytes, path);
        validate(manifest, path);
        MultiLayerNetwork network = restore(networkBytes, path);
        checkNetwork(manifest, network, path);
        return new ModelBundle(manifest, network);
    }

    private record Encoded(BundleManifest manifest, byte[] manifestBytes, byte[] networkBytes) {
    }

    private static Encoded encode(BundleManifest manifest, MultiLayerNetwork network) {
        validate(manifest.withModelVersion(UNSET), Path.of("<new bundle>"));
        try {
            byte[] networkBytes = networkBytes(network);
            String text = JSON.writeValueAsString(manifest.withModelVersion(UNSET));
            String hash = sha256(networkBytes, text.getBytes(StandardCharsets.UTF_8));
            String finalText = text.replace("\"" + UNSET + "\"", "\"" + hash + "\"");
            return new Encoded(manifest.withModelVersion(hash), finalText.getBytes(StandardCharsets.UTF_8), networkBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * DL4J's serialised network, re-packed with fixed entry times: ModelSerializer stamps its
     * inner zip with the wall clock, which would give the same weights a different content hash
     * (model version) on every save.
     */
    private static byte[] networkBytes(MultiLayerNetwork network) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, raw, false);
        ByteArrayOutputStream canonical = new ByteArrayOutputStream(raw.size());
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(raw.toByteArray()));
             ZipOutputStream out = new ZipOutputStream(canonical)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                put(out, e.getName(), in.readAllBytes());
            }
        }
        return canonical.toByteArray();
    }

    private static BundleManifest parse(byte[] bytes, Path path) {
        try {
            return JSON.readValue(bytes, BundleManifest.class);
        } catch (JsonProcessingException e) {
            throw new BundleException(MANIFEST, "not valid manifest JSON in " + path + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BundleException(MANIFEST, "cannot parse manifest in " + path + ": " + e.getMessage());
        }
    }

    private static void checkHash(BundleManifest manifest, byte[] manifestBytes, byte[] networkBytes, Path path) {
        String version = manifest.modelVersion();
        if (version == null || !version.matches("[0-9a-f]{64}")) {
            throw new BundleException("modelVersion", "must be a 64-digit hex SHA-256 in " + path + ", got " + version);
        }
        String text = new String(manifestBytes, StandardCharsets.UTF_8);
        String blanked = text.replace("\"" + version + "\"", "\"" + UNSET + "\"");
        String actual = sha256(networkBytes, blanked.getBytes(StandardCharsets.UTF_8));
        if (!actual.equals(version)) {
            throw new BundleException("modelVersion", "content hash mismatch in " + path + ": manifest says "
                    + version + " but the contents hash to " + actual + " (the bundle was modified or corrupted)");
        }
    }

    private static void validate(BundleManifest m, Path path) {
        List<String> problems = new ArrayList<>();
        if (m.formatVersion() != BundleManifest.FORMAT_VERSION) {
            String why = m.formatVersion() > BundleManifest.FORMAT_VERSION ? " (written by a newer blip)"
                    : " (an older detector: whole-window errors without level channels or per-key likelihood and"
                    + " episodes, which this version no longer serves; retrain the model with this version's"
                    + " 'trainer.jar train')";
            throw new BundleException("formatVersion", "invalid manifest in " + path + ": formatVersion: this build reads format "
                    + BundleManifest.FORMAT_VERSION + ", the bundle has " + m.formatVersion() + why);
        }
        if (!Product.NAME.equals(m.product())) {
            problems.add("product: must be '" + Product.NAME + "', got '" + m.product() + "'");
        }
        if (m.features() == null || m.features().isEmpty()) {
            problems.add("features: must name at least one feature");
        }
        try {
            BucketInterval.parse(m.bucketInterval());
        } catch (IllegalArgumentException e) {
            problems.add("bucketInterval: " + e.getMessage());
        }
        if (m.windowStride() < 1) {
            problems.add("windowStride: must be >= 1, got " + m.windowStride());
        }
        int features = m.features() == null ? 0 : m.features().size();
        if (m.model() == null) {
            problems.add("model: required");
        } else {
            m.model().violations().forEach(v -> problems.add("model." + v));
        }
        int channels = features;
        if (m.preprocessing() == null) {
            problems.add("preprocessing: required");
        } else {
            problems.addAll(m.preprocessing().violations(features));
            if (m.preprocessing().channels() != null && !m.preprocessing().fitted()) {
                problems.add("preprocessing: a global normaliser has no fitted center/scale");
            }
            if (m.preprocessing().channels() != null) {
                channels = m.preprocessing().channelCount(features);
            }
        }
        if (m.model() != null && m.model().features() != channels) {
            problems.add("model.features: must equal the channels (" + channels + " = channel groups x features), got "
                    + m.model().features());
        }
        if (m.detector() == null) {
            problems.add("detector: required");
        } else {
            problems.addAll(m.detector().violations());
        }
        if (m.calibration() == null) {
            problems.add("calibration: required");
        } else {
            problems.addAll(m.calibration().violations(channels));
        }
        if (!problems.isEmpty()) {
            throw new BundleException(problems.get(0).split(":", 2)[0],
                    "invalid manifest in " + path + ": " + String.join("; ", problems));
        }
    }

    private static MultiLayerNetwork restore(byte[] bytes, Path path) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return ModelSerializer.restoreMultiLayerNetwork(in, false);
        } catch (IOException | RuntimeException e) {
            throw new BundleException(NETWORK, "cannot restore the network from " + path + ": " + e.getMessage(), e);
        }
    }

    private static void checkNetwork(BundleManifest m, MultiLayerNetwork net, Path path) {
        Layer[] layers = net.getLayers();
        long nOut = net.getOutputLayer().getParam("W").size(1);
        if (nOut != m.model().features()) {
            throw new BundleException(NETWORK, "network in " + path + " outputs " + nOut + " features but the manifest declares "
                    + m.model().features());
        }
        int expectedLayers = 2 * m.model().hidden().size() + 2;
        if (layers.length != expectedLayers) {
            throw new BundleException(NETWORK, "network in " + path + " has " + layers.length
                    + " layers but the manifest's model describes " + expectedLayers);
        }
        checkShape(m.model(), net, path);
    }

    /**
     * Window length and layer sizes must match too: a manifest that names another window length
     * would feed the network windows it was not built for, and fail only at scoring time.
     */
    private static void checkShape(ModelConfig model, MultiLayerNetwork net, Path path) {
        for (NeuralNetConfiguration c : net.getLayerWiseConfigurations().getConfs()) {
            if (c.getLayer() instanceof RepeatVector repeat && repeat.getN() != model.windowLength()) {
                throw new BundleException("model.windowLength", "network in " + path + " decodes windows of "
                        + repeat.getN() + " steps but the manifest says " + model.windowLength());
            }
        }
        long expected = 0;
        for (NeuralNetConfiguration c : AutoencoderFactory.configuration(model, net.getLayerWiseConfigurations()
                .getDataType()).getConfs()) {
            expected += c.getLayer().initializer().numParams(c);
        }
        if (net.numParams() != expected) {
            throw new BundleException("model.hidden", "network in " + path + " has " + net.numParams()
                    + " parameters but the manifest's model (hidden " + model.hidden() + ", bidirectional "
                    + model.bidirectional() + ") has " + expected);
        }
    }

    private static byte[] read(ZipFile zip, String name, Path path) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new BundleException(name, "missing from " + path);
        }
        if (entry.getSize() > MAX_ENTRY_BYTES) {
            throw new BundleException(name, "entry in " + path + " is larger than 2 GiB");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0L);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    static String sha256(byte[] first, byte[] second) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(first);
            md.update(second);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
