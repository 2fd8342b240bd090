package dev.blip.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blip.core.io.AtomicFiles;
import dev.blip.core.io.LogText;
import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes model bundles: one zip holding {@code manifest.json}, {@code network.bin} (the
 * network's JSON configuration and coefficients, see {@link NetworkCodec}) and, when signed,
 * {@code signature.json} ({@link BundleSignature}). The manifest's {@code modelVersion} is the
 * SHA-256 of the network bytes followed by the manifest text with that field zeroed, so any
 * change to either is detected on load. Loading reads data only, never Java objects, and caps
 * every entry by the bytes it actually inflates to. Writing goes to a temporary file that is
 * moved into place, so a reader (e.g. a scorer watching the path) never sees half a bundle.
 */
public final class BundleIO {

    public static final String MANIFEST = "manifest.json";
    public static final String NETWORK = "network.bin";
    /** Largest manifest accepted. */
    public static final long MAX_MANIFEST_BYTES = 4L << 20;
    /** Largest network accepted, whatever the manifest's model says. */
    public static final long MAX_NETWORK_BYTES = 512L << 20;
    private static final String UNSET = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BundleIO() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** Writes an unsigned bundle; the manifest's {@code modelVersion} is computed here. */
    public static ModelBundle save(BundleManifest manifest, MultiLayerNetwork network, Path target) {
        return save(manifest, network, target, null);
    }

    /** Writes a bundle, signed with {@code signWith} (Ed25519) unless it is null. */
    public static ModelBundle save(BundleManifest manifest, MultiLayerNetwork network, Path target, PrivateKey signWith) {
        Encoded encoded = encode(manifest, network);
        byte[] signature = signWith == null ? null : BundleSignature.sign(encoded.manifest.modelVersion(), signWith);
        AtomicFiles.write(target, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            BundleZip.put(zip, MANIFEST, encoded.manifestBytes);
            BundleZip.put(zip, NETWORK, encoded.networkBytes);
            if (signature != null) {
                BundleZip.put(zip, BundleSignature.ENTRY, signature);
            }
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
        return load(path, null);
    }

    /**
     * Loads and validates a bundle; when {@code requiredSigner} is not null, also refuses a bundle
     * that does not carry a valid signature by that key.
     */
    public static ModelBundle load(Path path, PublicKey requiredSigner) {
        Map<String, Long> caps = new LinkedHashMap<>();
        caps.put(MANIFEST, MAX_MANIFEST_BYTES);
        caps.put(NETWORK, MAX_NETWORK_BYTES);
        caps.put(BundleSignature.ENTRY, BundleSignature.MAX_ENTRY_BYTES);
        try (BundleZip.Archive zip = BundleZip.Archive.open(path, new BundleZip.Allowed(caps))) {
            byte[] manifestBytes = zip.read(MANIFEST);
            if (!zip.has(NETWORK)) {
                throw new BundleException(NETWORK, "missing from " + path);
            }
            BundleManifest manifest = parse(manifestBytes, path);
            if (manifest.model() == null || !manifest.model().violations().isEmpty()) {
                validate(manifest, path);
            }
            byte[] networkBytes = zip.read(NETWORK, Math.min(MAX_NETWORK_BYTES, NetworkCodec.maxBytes(manifest.model())));
            checkHash(manifest, manifestBytes, networkBytes, path);
            validate(manifest, path);
            if (requiredSigner != null) {
                byte[] signature = zip.has(BundleSignature.ENTRY) ? zip.read(BundleSignature.ENTRY) : null;
                BundleSignature.verify(signature, manifest.modelVersion(), requiredSigner, path.toString());
            }
            MultiLayerNetwork network = NetworkCodec.decode(networkBytes, manifest.model(), path.toString());
            checkNetwork(manifest, network, path);
            return new ModelBundle(manifest, network);
        }
    }

    private record Encoded(BundleManifest manifest, byte[] manifestBytes, byte[] networkBytes) {
    }

    private static Encoded encode(BundleManifest manifest, MultiLayerNetwork network) {
        validate(manifest.withModelVersion(UNSET), Path.of("<new bundle>"));
        try {
            byte[] networkBytes = NetworkCodec.encode(network);
            String text = JSON.writeValueAsString(manifest.withModelVersion(UNSET));
            String hash = sha256(networkBytes, text.getBytes(StandardCharsets.UTF_8));
            String finalText = text.replace("\"" + UNSET + "\"", "\"" + hash + "\"");
            return new Encoded(manifest.withModelVersion(hash), finalText.getBytes(StandardCharsets.UTF_8), networkBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            throw new BundleException("modelVersion", "must be a 64-digit hex SHA-256 in " + path + ", got "
                    + LogText.escape(version));
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
        if (m.formatVersion() != BundleManifest.FORMAT_VERSION) {
            String why = m.formatVersion() > BundleManifest.FORMAT_VERSION ? " (written by a newer blip)"
                    : " (an older detector: whole-window errors without level channels or per-key likelihood and"
                    + " episodes, which this version no longer serves; retrain the model with this version's"
                    + " 'trainer.jar train')";
            throw new BundleException("formatVersion", "invalid manifest in " + path + ": formatVersion: this build reads format "
                    + BundleManifest.FORMAT_VERSION + ", the bundle has " + m.formatVersion() + why);
        }
        List<String> problems = m.violations();
        if (!problems.isEmpty()) {
            throw new BundleException(problems.get(0).split(":", 2)[0],
                    "invalid manifest in " + path + ": " + String.join("; ", problems));
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
