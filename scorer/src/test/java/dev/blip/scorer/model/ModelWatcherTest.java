package dev.blip.scorer.model;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.testkit.CraftedBundles;
import dev.blip.core.testkit.TestBundles;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.testing.Bundles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watcher survives every kind of bad bundle: real crafted ones through the real loader, and
 * (since the loader no longer lets a bundle raise them) Errors injected into loading, as a future
 * library bug could raise. After each refusal a valid bundle is swapped in.
 */
class ModelWatcherTest {

    private static final String ERROR_MARKER = "THROW ";
    @TempDir
    static Path dir;
    private static byte[] a;
    private static byte[] b;
    private static String versionA;
    private static String versionB;

    @BeforeAll
    static void bundles() throws IOException {
        ModelBundle small = TestBundles.small();
        ModelBundle same = Bundles.sameShape();
        Path pa = dir.resolve("a.zip");
        Path pb = dir.resolve("b.zip");
        versionA = BundleIO.save(small.manifest(), small.network(), pa).version();
        versionB = BundleIO.save(same.manifest(), same.network(), pb).version();
        a = Files.readAllBytes(pa);
        b = Files.readAllBytes(pb);
    }

    /** The real loader, except that a file starting with the marker throws the Error it names. */
    private static final Function<Path, ModelBundle> LOADER = p -> {
        try {
            byte[] head = Files.readAllBytes(p);
            String text = new String(head, 0, Math.min(head.length, 64), StandardCharsets.ISO_8859_1);
            if (text.startsWith(ERROR_MARKER)) {
                switch (text.substring(ERROR_MARKER.length()).trim()) {
                    case "oom" -> throw new OutOfMemoryError("Java heap space (injected)");
                    case "stack" -> throw new StackOverflowError("injected");
                    case "init" -> throw new ExceptionInInitializerError("injected");
                    default -> throw new AssertionError("injected");
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return BundleIO.load(p);
    };

    private static Map<String, byte[]> badBundles() throws IOException {
        Path valid = dir.resolve("valid-for-crafting.zip");
        Files.write(valid, a);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("truncated", java.util.Arrays.copyOf(a, a.length / 2));
        bad.put("not a zip", "hello".getBytes(StandardCharsets.UTF_8));
        bad.put("serialised object entry", CraftedBundles.serializedObjectEntry(valid));
        bad.put("inner zip bomb", CraftedBundles.innerZipBomb(valid, 64));
        bad.put("NaN weight", CraftedBundles.weight(valid, 3, Float.NaN));
        bad.put("foreign class", CraftedBundles.configuration(valid, "org.nd4j.linalg.learning.config.Adam", "java.util.HashMap"));
        bad.put("OutOfMemoryError while loading", (ERROR_MARKER + "oom").getBytes(StandardCharsets.ISO_8859_1));
        bad.put("StackOverflowError while loading", (ERROR_MARKER + "stack").getBytes(StandardCharsets.ISO_8859_1));
        bad.put("ExceptionInInitializerError while loading", (ERROR_MARKER + "init").getBytes(StandardCharsets.ISO_8859_1));
        bad.put("AssertionError while loading", (ERROR_MARKER + "other").getBytes(StandardCharsets.ISO_8859_1));
        return bad;
    }

    @Test
    void aValidBundleIsSwappedInAfterEachKindOfBadOne() throws IOException {
        Path path = dir.resolve("serving.zip");
        Files.write(path, a);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScorerMetrics metrics = ScorerMetrics.bind(registry);
        ModelHolder holder = new ModelHolder(BundleIO.load(path));
        ModelWatcher watcher = new ModelWatcher(path, holder, metrics, LOADER);
        int refused = 0;
        int swapped = 0;
        for (Map.Entry<String, byte[]> bad : badBundles().entrySet()) {
            String before = holder.current().version();
            replace(path, bad.getValue());
            assertThat(watcher.check()).as(bad.getKey()).isEqualTo(ModelWatcher.Result.REFUSED);
            assertThat(holder.current().version()).as("still serving after " + bad.getKey()).isEqualTo(before);
            assertThat(reloads(registry, "failure")).as(bad.getKey() + " counted").isEqualTo(++refused);

            byte[] next = before.equals(versionA) ? b : a;
            replace(path, next);
            assertThat(watcher.check()).as("valid bundle after " + bad.getKey()).isEqualTo(ModelWatcher.Result.SWAPPED);
            assertThat(holder.current().version()).isEqualTo(before.equals(versionA) ? versionB : versionA);
            assertThat(reloads(registry, "success")).isEqualTo(++swapped);
        }
    }

    @Test
    void theScheduledWatcherKeepsRunningAfterAnError() throws Exception {
        Path path = dir.resolve("scheduled.zip");
        Files.write(path, a);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ModelHolder holder = new ModelHolder(BundleIO.load(path));
        try (ModelWatcher watcher = new ModelWatcher(path, holder, ScorerMetrics.bind(registry), LOADER)) {
            watcher.start(Duration.ofMillis(20));
            replace(path, (ERROR_MARKER + "oom").getBytes(StandardCharsets.ISO_8859_1));
            await(() -> reloads(registry, "failure") == 1, "the injected OutOfMemoryError is counted");
            replace(path, (ERROR_MARKER + "stack").getBytes(StandardCharsets.ISO_8859_1));
            await(() -> reloads(registry, "failure") == 2, "the injected StackOverflowError is counted");
            replace(path, b);
            // The watcher thread swaps the model and then counts the reload: wait for both.
            await(() -> holder.current().version().equals(versionB) && reloads(registry, "success") == 1,
                    "the valid bundle is loaded and counted");
            assertThat(reloads(registry, "failure")).isEqualTo(2);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(20);
        }
    }

    private static double reloads(SimpleMeterRegistry registry, String result) {
        return registry.get("blip.model.reloads").tag("result", result).counter().count();
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".replace", ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
