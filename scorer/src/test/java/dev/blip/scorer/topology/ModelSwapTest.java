package dev.blip.scorer.topology;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTime;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.model.ModelWatcher;
import dev.blip.scorer.testing.Bundles;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Model swaps take effect between punctuations; incompatible key states reset; bad bundles are refused. */
class ModelSwapTest {

    @Test
    void aSameShapeModelTakesOverWithoutResettingKeysAndAnOtherShapeResetsThem() {
        ModelBundle a = TestBundles.small();
        ModelBundle b = Bundles.sameShape();
        ModelBundle c = Bundles.shortWindow();
        try (Harness h = new Harness(a, Map.of("BLIP_WALL_CLOCK_CLOSE", "false"), Instant.parse("2026-01-01T00:00:00Z"))) {
            TestTraffic traffic = new TestTraffic(5);
            traffic.steady(h, 0, 30, "k");
            assertThat(h.readScores()).isNotEmpty().allSatisfy(r -> assertThat(r.modelVersion()).isEqualTo(a.version()));

            h.models.swap(b);
            traffic.steady(h, 30, 36, "k");
            List<ScoreRecord> withB = h.readScores();
            assertThat(withB).hasSize(6).allSatisfy(r -> assertThat(r.modelVersion()).isEqualTo(b.version()));

            h.models.swap(c);
            traffic.steady(h, 36, 80, "k");
            List<ScoreRecord> withC = h.readScores();
            assertThat(withC).isNotEmpty().allSatisfy(r -> assertThat(r.modelVersion()).isEqualTo(c.version()));
            long firstBucket = Instant.parse(withC.get(0).bucketStart()).toEpochMilli();
            long resetAt = TestTime.bucket(35);
            // the key restarted from scratch under C: it needs C's warm-up before its first window
            assertThat((firstBucket - resetAt) / TestTime.BUCKET).isEqualTo(c.assembler().readyAfter());
        }
    }

    @Test
    void theWatcherSwapsAValidBundleAndRefusesBadOnes(@TempDir Path dir) throws IOException {
        ModelBundle a = TestBundles.small();
        Path path = dir.resolve("model.blip");
        BundleIO.save(a.manifest(), a.network(), path);
        try (Harness h = new Harness(a, Map.of("BLIP_WALL_CLOCK_CLOSE", "false"), Instant.parse("2026-01-01T00:00:00Z"));
             ModelWatcher watcher = new ModelWatcher(path, h.models, h.metrics)) {
            assertThat(watcher.check()).isEqualTo(ModelWatcher.Result.UNCHANGED);

            Files.write(path, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
            assertThat(watcher.check()).isEqualTo(ModelWatcher.Result.REFUSED);
            assertThat(h.models.current().version()).isEqualTo(a.version());
            assertThat(h.counter("blip.model.reloads", "result", "failure")).isEqualTo(1.0);

            ModelBundle wrongInterval = Bundles.otherInterval();
            BundleIO.save(wrongInterval.manifest(), wrongInterval.network(), path);
            assertThat(watcher.check()).isEqualTo(ModelWatcher.Result.REFUSED);
            assertThat(h.counter("blip.model.reloads", "result", "failure")).isEqualTo(2.0);

            new TestTraffic(6).steady(h, 0, 25, "k");
            assertThat(h.readScores()).isNotEmpty().allSatisfy(r -> assertThat(r.modelVersion()).isEqualTo(a.version()));

            ModelBundle b = Bundles.sameShape();
            BundleIO.save(b.manifest(), b.network(), path);
            assertThat(watcher.check()).isEqualTo(ModelWatcher.Result.SWAPPED);
            assertThat(watcher.check()).isEqualTo(ModelWatcher.Result.UNCHANGED);
            assertThat(h.counter("blip.model.reloads", "result", "success")).isEqualTo(1.0);
            new TestTraffic(7).steady(h, 25, 28, "k");
            assertThat(h.readScores()).hasSize(3).allSatisfy(r -> assertThat(r.modelVersion()).isEqualTo(b.version()));
        }
    }
}
