package dev.blip.scorer.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScorerMainTest {

    @Test
    void invalidConfigurationExitsWithTheConfigCode() throws Exception {
        assertThat(ScorerMain.run(new String[0], Map.of("BLIP_HTTP_PORT", "x"))).isEqualTo(ScorerMain.EXIT_CONFIG);
        assertThat(ScorerMain.run(new String[] {"--bogus"}, Map.of())).isEqualTo(ScorerMain.EXIT_CONFIG);
    }

    @Test
    void aTtlShorterThanTwoModelIntervalsIsAConfigError(@TempDir Path dir) throws Exception {
        dev.blip.core.bundle.ModelBundle small = dev.blip.core.testkit.TestBundles.small();
        Path model = dir.resolve("model.blip");
        dev.blip.core.bundle.BundleIO.save(small.manifest(), small.network(), model);
        Map<String, String> env = Map.of("BLIP_BOOTSTRAP_SERVERS", "localhost:1", "BLIP_MODEL_PATH", model.toString(),
                "BLIP_STATE_DIR", dir.toString(), "BLIP_HTTP_PORT", "0", "BLIP_KEY_TTL", "5m");
        assertThat(ScorerMain.run(new String[0], env)).isEqualTo(ScorerMain.EXIT_CONFIG);
    }

    @Test
    void anUnusableBundleExitsWithTheBundleCodeBeforeTouchingKafka(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("model.blip");
        Files.writeString(bad, "not a zip");
        Map<String, String> env = Map.of("BLIP_BOOTSTRAP_SERVERS", "localhost:1", "BLIP_MODEL_PATH", bad.toString(),
                "BLIP_STATE_DIR", dir.toString(), "BLIP_HTTP_PORT", "0");
        assertThat(ScorerMain.run(new String[0], env)).isEqualTo(ScorerMain.EXIT_BUNDLE);
        assertThat(ScorerMain.run(new String[0], Map.of("BLIP_BOOTSTRAP_SERVERS", "localhost:1",
                "BLIP_MODEL_PATH", dir.resolve("missing.blip").toString()))).isEqualTo(ScorerMain.EXIT_BUNDLE);
    }
}
