package dev.blip.core.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blip.core.testkit.CraftedBundles;
import dev.blip.core.testkit.TestBundles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bundles crafted by someone who can write the model path, each re-hashed so that only the
 * defence under test can stop it: every one must be refused with a {@link BundleException} naming
 * the field and the reason, in well under a second of CPU, and a valid bundle must still load afterwards.
 * The measured times are logged (RELIABILITY.md quotes them).
 */
class CraftedBundleTest {

    private static final Logger LOG = LoggerFactory.getLogger(CraftedBundleTest.class);
    private static final long LIMIT_MS = 1_000;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final Map<String, Long> TIMES = new TreeMap<>();

    @TempDir
    static Path dir;
    private static Path valid;
    private static KeyPair key;
    private static KeyPair otherKey;

    @BeforeAll
    static void saveValid() throws Exception {
        ModelBundle model = TestBundles.small();
        valid = dir.resolve("valid.zip");
        BundleIO.save(model.manifest(), model.network(), valid);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
        key = gen.generateKeyPair();
        otherKey = gen.generateKeyPair();
    }

    @AfterAll
    static void report() {
        TIMES.forEach((name, ms) -> LOG.info("crafted bundle '{}' refused in {} ms of CPU", name, ms));
    }

    @Test
    void aSerialisedObjectInsideTheNetworkIsRefusedWithoutBeingRead() {
        byte[] bytes = CraftedBundles.serializedObjectEntry(valid);
        assertThat(bytes.length).as("a small file").isLessThan(20_000);
        refused("serialised object entry (nested HashSet bomb as preprocessor.bin)", bytes, null,
                BundleIO.NETWORK, "unexpected entry 'preprocessor.bin'", "never serialised objects");
    }

    @Test
    void theSerialFilterStopsTheSamePayloadIfAnythingElseEverDeserialisesIt() throws Exception {
        byte[] payload = CraftedBundles.nestedHashSetBomb();
        long start = CPU.getCurrentThreadCpuTime();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
            in.setObjectInputFilter(SerialFilter.FILTER);
            assertThatThrownBy(in::readObject).isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
        }
        long ms = (CPU.getCurrentThreadCpuTime() - start) / 1_000_000;
        TIMES.put("serial filter on the nested HashSet stream", ms);
        assertThat(ms).isLessThan(LIMIT_MS);
    }

    @Test
    void anInnerZipBombIsCutOffAtTheModelsSize() {
        byte[] bytes = CraftedBundles.innerZipBomb(valid, 256);
        assertThat(bytes.length).as("256 MiB of zeros deflates to well under 1 MB").isLessThan(1_000_000);
        refused("inner zip bomb (coefficients inflating to 256 MiB)", bytes, null,
                BundleIO.NETWORK + "/coefficients.bin", "inflates to more than", "zip bomb");
    }

    @Test
    void anOuterZipBombIsCutOffAtTheModelsSize() {
        byte[] bytes = CraftedBundles.outerZipBomb(valid, 256);
        assertThat(bytes.length).isLessThan(1_000_000);
        refused("outer zip bomb (network.bin inflating to 256 MiB)", bytes, null, BundleIO.NETWORK, "inflates to more than");
    }

    @Test
    void aManifestBombIsCutOffAtFourMebibytes() {
        Map<String, byte[]> outer = CraftedBundles.entries(valid);
        byte[] manifest = outer.get(BundleIO.MANIFEST);
        byte[] padded = new byte[64 << 20];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(manifest, 0, padded, 0, manifest.length);
        outer.put(BundleIO.MANIFEST, padded);
        refused("manifest bomb (64 MiB of JSON whitespace)", CraftedBundles.zip(outer), null, BundleIO.MANIFEST,
                "inflates to more than " + BundleIO.MAX_MANIFEST_BYTES);
    }

    @Test
    void nestedZipsWhereTheWeightsShouldBeAreRefused() {
        refused("zip nested 10 deep as coefficients", CraftedBundles.nestedZip(valid), null,
                BundleIO.NETWORK + "/coefficients.bin", "too few for the network's");
    }

    @Test
    void nonFiniteWeightsAreRefused() {
        refused("NaN weight", CraftedBundles.weight(valid, 7, Float.NaN), null,
                BundleIO.NETWORK + "/coefficients.bin", "weight 7 is NaN");
        refused("infinite weight", CraftedBundles.weight(valid, 0, Float.POSITIVE_INFINITY), null,
                BundleIO.NETWORK + "/coefficients.bin", "weight 0 is Infinity");
    }

    @Test
    void nonFiniteCalibrationAndTransformValuesAreRefused() {
        refused("NaN threshold", CraftedBundles.manifest(valid, m -> ((ObjectNode) m.get("calibration")).put("threshold", "NaN")),
                null, "calibration.threshold", "NaN");
        refused("-Infinity first reference value", CraftedBundles.manifest(valid,
                m -> ((ArrayNode) m.get("calibration").get("reference")).set(0, m.textNode("-Infinity"))),
                null, "calibration.reference", "-Infinity at index 0");
        refused("NaN calibration parameter", CraftedBundles.manifest(valid,
                m -> ((ObjectNode) m.get("calibration")).put("parameter", "NaN")), null, "calibration.parameter", "NaN");
    }

    @Test
    void aConfigurationNamingAnyOtherClassIsRefusedBeforeDl4jParsesIt() {
        refused("foreign class in the network configuration", CraftedBundles.configuration(valid,
                "org.nd4j.linalg.learning.config.Adam", "java.util.HashMap"), null,
                BundleIO.NETWORK + "/configuration.json", "names class 'java.util.HashMap'");
        refused("input preprocessor in the configuration", CraftedBundles.configuration(valid, "\"inputPreProcessors\" : { }",
                "\"inputPreProcessors\" : { \"1\" : { \"@class\" : "
                        + "\"org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor\" } }"), null,
                BundleIO.NETWORK + "/configuration.json", "RnnToFeedForwardPreProcessor");
    }

    @Test
    void aDeeplyNestedConfigurationIsRefused() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        refused("configuration nested 100,000 deep", CraftedBundles.configuration(valid,
                "\"cacheMode\" : \"NONE\",", "\"cacheMode\" : \"NONE\", \"deep\" : " + deep + ","), null,
                BundleIO.NETWORK + "/configuration.json", "not valid JSON");
    }

    @Test
    void aDuplicatedEntryIsRefused() {
        refused("manifest.json present twice", CraftedBundles.duplicateEntry(valid, BundleIO.MANIFEST,
                "{}".getBytes(StandardCharsets.UTF_8)), null, "file", "occurs twice");
    }

    @Test
    void signedBundlesLoadWithTheKeyAndEveryForgeryIsRefused() throws Exception {
        ModelBundle model = TestBundles.small();
        Path signed = dir.resolve("signed.zip");
        BundleIO.save(model.manifest(), model.network(), signed, key.getPrivate());
        assertThat(BundleIO.load(signed, key.getPublic()).version()).isEqualTo(model.version());
        assertThat(BundleIO.load(signed).version()).as("a signature is optional without a key").isEqualTo(model.version());

        refused("unsigned bundle where a signature is required", Files.readAllBytes(valid), key.getPublic(),
                "signature", "is not signed");
        Path other = dir.resolve("other-signer.zip");
        BundleIO.save(model.manifest(), model.network(), other, otherKey.getPrivate());
        refused("bundle signed by another key", Files.readAllBytes(other), key.getPublic(), "signature", "not a valid signature");
        refused("re-hashed tampering (threshold raised) of a signed bundle", CraftedBundles.signatureFrom(signed,
                CraftedBundles.write(dir.resolve("raised.zip"), CraftedBundles.manifest(signed,
                        m -> ((ObjectNode) m.get("calibration")).put("threshold", 1e9)))), key.getPublic(),
                "signature", "not a valid signature");
        Map<String, byte[]> corrupt = CraftedBundles.entries(signed);
        corrupt.put(BundleSignature.ENTRY, "{\"algorithm\":\"Ed25519\",\"signature\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8));
        refused("corrupted signature", CraftedBundles.zip(corrupt), key.getPublic(), "signature", "not a valid signature");
    }

    @Test
    void keysRoundTripThroughPemFiles() throws Exception {
        Path pub = Files.writeString(dir.resolve("verify.pem"), BundleSignature.toPem(key.getPublic()));
        Path priv = Files.writeString(dir.resolve("sign.pem"), BundleSignature.toPem(key.getPrivate()));
        PublicKey read = BundleSignature.readPublicKey(pub);
        assertThat(read.getEncoded()).isEqualTo(key.getPublic().getEncoded());
        assertThat(BundleSignature.readPrivateKey(priv).getEncoded()).isEqualTo(key.getPrivate().getEncoded());
        assertThatThrownBy(() -> BundleSignature.readPublicKey(priv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BEGIN PUBLIC KEY");
    }

    private static void refused(String name, byte[] bytes, PublicKey signer, String field, String... reasons) {
        Path p = CraftedBundles.write(dir.resolve("crafted-" + TIMES.size() + ".zip"), bytes);
        // CPU time of this thread, not wall clock: a loaded machine must not fail the test, a bomb
        // that is inflated or parsed after all still costs its CPU seconds
        long start = CPU.getCurrentThreadCpuTime();
        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleIO.load(p, signer));
        long ms = (CPU.getCurrentThreadCpuTime() - start) / 1_000_000;
        synchronized (TIMES) {
            TIMES.put(name + " (" + bytes.length + " bytes)", ms);
        }
        assertThat(e).as(name + " must be refused").isNotNull();
        assertThat(e.field()).as(name + ": " + e.getMessage()).isEqualTo(field);
        for (String reason : reasons) {
            assertThat(e.getMessage()).as(name).contains(reason);
        }
        assertThat(ms).as(name + " refused in ms").isLessThan(LIMIT_MS);
        assertThat(BundleIO.load(valid).version()).as("a valid bundle still loads after " + name).matches("[0-9a-f]{64}");
    }
}
