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

    @Test
    void aRequiredSignatureRefusesAnUnsignedBundleAndABadKeyFileIsAConfigError(@TempDir Path dir) throws Exception {
        dev.blip.core.bundle.ModelBundle small = dev.blip.core.testkit.TestBundles.small();
        Path model = dir.resolve("model.blip");
        dev.blip.core.bundle.BundleIO.save(small.manifest(), small.network(), model);
        java.security.KeyPair key = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pub = Files.writeString(dir.resolve("verify.pem"), dev.blip.core.bundle.BundleSignature.toPem(key.getPublic()));
        Map<String, String> env = new java.util.HashMap<>(Map.of("BLIP_BOOTSTRAP_SERVERS", "localhost:1",
                "BLIP_MODEL_PATH", model.toString(), "BLIP_STATE_DIR", dir.toString(), "BLIP_HTTP_PORT", "0",
                "BLIP_MODEL_PUBLIC_KEY", pub.toString()));
        assertThat(ScorerMain.run(new String[0], env)).as("unsigned bundle").isEqualTo(ScorerMain.EXIT_BUNDLE);
        env.put("BLIP_MODEL_PUBLIC_KEY", model.toString());
        assertThat(ScorerMain.run(new String[0], env)).as("not a key file").isEqualTo(ScorerMain.EXIT_CONFIG);
    }

    @Test
    void aScorerThatCannotReachKafkaIsNeverReadyAndStopsBeingLiveAfterTheTimeout(@TempDir Path dir) throws Exception {
        dev.blip.core.bundle.ModelBundle small = dev.blip.core.testkit.TestBundles.small();
        Path model = dir.resolve("model.blip");
        dev.blip.core.bundle.BundleIO.save(small.manifest(), small.network(), model);
        Map<String, String> env = Map.of("BLIP_BOOTSTRAP_SERVERS", "localhost:1", "BLIP_MODEL_PATH", model.toString(),
                "BLIP_STATE_DIR", dir.toString(), "BLIP_HTTP_PORT", "0", "BLIP_LIVENESS_TIMEOUT", "3s",
                "BLIP_HTTP_BIND_ADDRESS", "127.0.0.1");
        long start = System.nanoTime();
        try (ScorerApp app = ScorerMain.start(new String[0], env)) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            while (status(client, app, "/health/live") == 200) {
                assertThat(status(client, app, "/health/ready")).isEqualTo(503);
                assertThat(System.nanoTime() - start).as("not live within 20 s").isLessThan(20_000_000_000L);
                Thread.sleep(100);
            }
            assertThat(System.nanoTime() - start).as("live for at least the 3 s timeout").isGreaterThanOrEqualTo(3_000_000_000L);
            assertThat(status(client, app, "/health/ready")).isEqualTo(503);
            String metrics = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + app.httpPort() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("blip_ready 0.0").contains("blip_live 0.0");
        }
    }

    private static int status(java.net.http.HttpClient client, ScorerApp app, String path) throws Exception {
        return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
