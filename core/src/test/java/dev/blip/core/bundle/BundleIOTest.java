package dev.blip.core.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.score.WindowScore;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.window.Window;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BundleIOTest {

    private static ModelBundle original;
    private static Path saved;
    private static Map<String, byte[]> entries;

    @TempDir
    static Path dir;

    @BeforeAll
    static void saveOnce() throws IOException {
        original = TestBundles.small();
        saved = dir.resolve("model.blip.zip");
        BundleIO.save(original.manifest(), original.network(), saved);
        entries = BundleFiles.entries(saved);
    }

    private static List<Window> windows(ModelBundle bundle) {
        CountSeries s = SyntheticTraffic.defaults(2, 160, 21L).generate().series().get(1);
        return bundle.assembler().windows(s);
    }

    @Test
    void savedThenLoadedScoresBitIdentically() {
        ModelBundle loaded = BundleIO.load(saved);
        assertThat(loaded.version()).isEqualTo(original.version()).matches("[0-9a-f]{64}");
        assertThat(loaded.manifest()).usingRecursiveComparison().isEqualTo(original.manifest());
        assertThat(loaded.network().params().dup().data().asFloat())
                .containsExactly(original.network().params().dup().data().asFloat());

        List<Window> windows = windows(original);
        assertThat(windows).hasSizeGreaterThan(50);
        List<WindowScore> before = original.newScorer().score(windows);
        List<WindowScore> after = loaded.newScorer().score(windows(loaded));
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).rawScore()).isEqualTo(before.get(i).rawScore());
            assertThat(after.get(i).anomalyScore()).isEqualTo(before.get(i).anomalyScore());
            assertThat(after.get(i).expected()).isDeepEqualTo(before.get(i).expected());
        }
    }

    @Test
    void saveIsDeterministicAndLeavesNoTemporaryFiles() throws IOException, InterruptedException {
        // Zip entry times have 2 s resolution: wait past it so a wall-clock stamp would show.
        Thread.sleep(2_100);
        Path again = dir.resolve("again.zip");
        BundleIO.save(original.manifest(), original.network(), again);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(saved));
        assertThat(BundleIO.inMemory(original.manifest(), original.network()).version()).isEqualTo(original.version());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void savedBundleIsReadableByOtherUsers() throws IOException {
        // Scorers often run as another user than the trainer that wrote the bundle.
        if (Files.getFileStore(saved).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            assertThat(Files.getPosixFilePermissions(saved))
                    .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        }
    }

    @Test
    void aHonestRehashLoads() throws IOException {
        // Guards the refusal tests below: re-hashing alone must not make a bundle unloadable.
        Path p = BundleFiles.write(dir.resolve("rehashed.zip"), BundleFiles.editManifestAndRehash(entries, m -> { }));
        assertThat(BundleIO.load(p).manifest().windowStride()).isEqualTo(original.manifest().windowStride());
    }

    @Test
    void refusesAMissingFile() {
        assertRefused(() -> BundleIO.load(dir.resolve("nope.zip")), "file", "no model bundle");
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        byte[] all = Files.readAllBytes(saved);
        Path p = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(all, all.length / 2));
        assertRefused(() -> BundleIO.load(p), "file", "not a readable zip");
    }

    @Test
    void refusesAFileThatIsNotAZip() throws IOException {
        Path p = Files.writeString(dir.resolve("model.json"), "{\"formatVersion\": 1}");
        assertRefused(() -> BundleIO.load(p), "file", "not a readable zip");
    }

    @Test
    void refusesATamperedManifest() throws IOException {
        Map<String, byte[]> tampered = new LinkedHashMap<>(entries);
        String text = new String(entries.get(BundleIO.MANIFEST), StandardCharsets.UTF_8);
        String edited = text.replaceFirst("\"windowStride\" : \\d+", "\"windowStride\" : 7");
        assertThat(edited).isNotEqualTo(text);
        tampered.put(BundleIO.MANIFEST, edited.getBytes(StandardCharsets.UTF_8));
        Path p = BundleFiles.write(dir.resolve("tampered-manifest.zip"), tampered);
        assertRefused(() -> BundleIO.load(p), "modelVersion", "content hash mismatch");
    }

    @Test
    void refusesTamperedNetworkBytes() throws IOException {
        Map<String, byte[]> tampered = new LinkedHashMap<>(entries);
        byte[] net = entries.get(BundleIO.NETWORK).clone();
        net[net.length / 2] ^= 0x01;
        tampered.put(BundleIO.NETWORK, net);
        Path p = BundleFiles.write(dir.resolve("tampered-network.zip"), tampered);
        assertRefused(() -> BundleIO.load(p), "modelVersion", "content hash mismatch");
    }

    @Test
    void refusesAnUnknownFormatVersion() throws IOException {
        Path p = rehashed("format.zip", m -> m.put("formatVersion", 99));
        assertRefused(() -> BundleIO.load(p), "formatVersion", "99");
        assertThatThrownBy(() -> BundleIO.load(p)).hasMessageContaining("newer");
    }

    @Test
    void refusesAMissingEntry() throws IOException {
        Map<String, byte[]> onlyManifest = new LinkedHashMap<>(entries);
        onlyManifest.remove(BundleIO.NETWORK);
        Path p = BundleFiles.write(dir.resolve("no-network.zip"), onlyManifest);
        assertRefused(() -> BundleIO.load(p), BundleIO.NETWORK, "missing");

        Map<String, byte[]> onlyNetwork = new LinkedHashMap<>(entries);
        onlyNetwork.remove(BundleIO.MANIFEST);
        Path q = BundleFiles.write(dir.resolve("no-manifest.zip"), onlyNetwork);
        assertRefused(() -> BundleIO.load(q), BundleIO.MANIFEST, "missing");
    }

    @Test
    void refusesAnExtraEntry() throws IOException {
        Map<String, byte[]> extra = new LinkedHashMap<>(entries);
        extra.put("normaliser.bin", new byte[] {1, 2, 3});
        Path p = BundleFiles.write(dir.resolve("extra.zip"), extra);
        assertRefused(() -> BundleIO.load(p), "file", "'normaliser.bin'");
    }

    @Test
    void refusesFeaturesThatDisagreeWithTheModel() throws IOException {
        Path p = rehashed("features.zip", m -> ((ArrayNode) m.get("features")).add("extra"));
        assertRefused(() -> BundleIO.load(p), "model.features", "must equal the channels (4 = channel groups x features), got 2");
    }

    @Test
    void refusesAManifestThatDisagreesWithTheNetwork() throws IOException {
        // Manifest consistent with itself (2 features, 4 channels everywhere) but the network outputs 2 channels.
        Path p = rehashed("network-shape.zip", m -> {
            ((ArrayNode) m.get("features")).add("extra");
            ((ObjectNode) m.get("model")).put("features", 4);
        });
        assertRefused(() -> BundleIO.load(p), BundleIO.NETWORK, "outputs 2 features");
    }

    @Test
    void refusesAWindowLengthOrHiddenSizeTheNetworkWasNotBuiltFor() throws IOException {
        Path length = rehashed("length.zip", m -> ((ObjectNode) m.get("model")).put("windowLength", 10));
        assertRefused(() -> BundleIO.load(length), "model.windowLength", "decodes windows of 12 steps");
        Path hidden = rehashed("hidden.zip", m -> ((ArrayNode) m.get("model").get("hidden")).set(0, 17));
        assertRefused(() -> BundleIO.load(hidden), "model.hidden", "hidden [17]");
    }

    @Test
    void refusesInvalidFieldsNamingEach() throws IOException {
        Path interval = rehashed("interval.zip", m -> m.put("bucketInterval", "5 parsecs"));
        assertRefused(() -> BundleIO.load(interval), "bucketInterval", "5 parsecs");
        Path product = rehashed("product.zip", m -> m.put("product", "other"));
        assertRefused(() -> BundleIO.load(product), "product", "other");
        Path threshold = rehashed("threshold.zip", m -> ((ObjectNode) m.get("calibration")).put("threshold", -1.0));
        assertRefused(() -> BundleIO.load(threshold), "calibration.threshold", "-1.0");
        Path ewm = rehashed("ewm.zip", m -> ((ObjectNode) m.get("preprocessing").get("channels").get(1).get("transforms").get(1))
                .put("alpha", 2.0));
        assertRefused(() -> BundleIO.load(ewm), "preprocessing.channels[1].transforms[1].alpha", "2.0");
        Path detector = rehashed("detector.zip", m -> ((ObjectNode) m.get("detector")).put("threshold", 7.0));
        assertRefused(() -> BundleIO.load(detector), "detector.threshold", "7.0");
    }

    @Test
    void refusesManifestThatIsNotJson() throws IOException {
        Map<String, byte[]> broken = new LinkedHashMap<>(entries);
        broken.put(BundleIO.MANIFEST, "{ not json".getBytes(StandardCharsets.UTF_8));
        Path p = BundleFiles.write(dir.resolve("json.zip"), broken);
        assertRefused(() -> BundleIO.load(p), BundleIO.MANIFEST, "not valid manifest JSON");
    }

    private static Path rehashed(String name, Consumer<ObjectNode> edit) throws IOException {
        return BundleFiles.write(dir.resolve(name), BundleFiles.editManifestAndRehash(entries, edit));
    }

    private static void assertRefused(ThrowingCallable load, String field, String detail) {
        BundleException e = catchThrowableOfType(BundleException.class, load);
        assertThat(e).as("load must refuse with a BundleException").isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(field + ":").contains(detail);
    }
}
