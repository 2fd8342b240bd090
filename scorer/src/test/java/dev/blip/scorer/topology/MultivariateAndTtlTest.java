package dev.blip.scorer.topology;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.score.WindowScore;
import dev.blip.core.testkit.ScoreBounds;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTime;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.testing.Bundles;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.testing.Offline;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

class MultivariateAndTtlTest {

    static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void categoriesBecomeFeaturesAndMatchTheOfflinePath() {
        ModelBundle bundle = Bundles.multivariate();
        CountSeries series = Bundles.multivariateSeries(60, 31L).get(0);
        Map<String, String> env = Map.of("BLIP_CATEGORY_FIELD", "cat", "BLIP_WALL_CLOCK_CLOSE", "false");
        try (Harness h = new Harness(bundle, env, WALL)) {
            for (int t = 0; t < series.length(); t++) {
                double[] v = series.values()[t];
                int i = 0;
                i = send(h, series, t, "a", (int) v[1], i);
                i = send(h, series, t, "b", (int) v[2], i);
                send(h, series, t, "other", (int) (v[0] - v[1] - v[2]), i);
            }
            h.event("flush", series.bucketStart(series.length() - 1) + TestTime.BUCKET + 60_000);
            List<ScoreRecord> mine = h.readScores().stream().filter(r -> r.key().equals(series.key())).toList();
            List<BucketVerdict> verdicts = Offline.verdicts(bundle, series, 1024);
            List<ScoreBounds.Interval> exactRaw = ScoreBounds.rawScores(bundle, bundle.assembler().windows(series));
            List<WindowScore> offline = verdicts.stream().map(BucketVerdict::score).toList();
            assertThat(mine).hasSameSizeAs(offline).isNotEmpty();
            for (int k = 0; k < offline.size(); k++) {
                ScoreRecord r = mine.get(k);
                Offline.assertSameVerdict(r, verdicts.get(k), 1e-6, bundle.version());
                assertThat(r.expectedLow()).containsOnlyKeys("total", "a", "b");
                double[] actual = offline.get(k).lastActual();
                assertThat(r.actual()).containsOnlyKeys("total", "a", "b");
                assertThat(r.actual().get("total")).isEqualTo(actual[0]);
                assertThat(r.actual().get("a")).isEqualTo(actual[1]);
                assertThat(r.actual().get("b")).isEqualTo(actual[2]);
                // stream and batch run different GEMM kernels: both within the float32 rounding bound of the exact score
                assertThat(Math.abs(r.rawError() - exactRaw.get(k).exact())).isLessThanOrEqualTo(exactRaw.get(k).radius());
                assertThat(Math.abs(offline.get(k).rawScore() - exactRaw.get(k).exact())).isLessThanOrEqualTo(exactRaw.get(k).radius());
                assertThat(r.topFeatures()).hasSize(3).extracting(ScoreRecord.FeatureError::feature)
                        .containsExactlyInAnyOrder("total", "a", "b");
            }
        }
    }

    private static int send(Harness h, CountSeries s, int t, String category, int n, int offset) {
        for (int j = 0; j < n; j++) {
            long ts = s.bucketStart(t) + (offset + j) * 500L;
            h.raw(s.key(), "{\"cat\":\"" + category + "\"}", ts);
        }
        return offset + n;
    }

    @Test
    void keysSilentLongerThanTheTtlAreEvictedAndStartAfreshWhenTheyReturn() {
        Map<String, String> env = Map.of("BLIP_KEY_TTL", "30m", "BLIP_WALL_CLOCK_CLOSE", "false");
        try (Harness h = new Harness(TestBundles.small(), env, WALL)) {
            TestTraffic traffic = new TestTraffic(8);
            traffic.steady(h, 0, 4, "gone", "stays");
            assertThat(h.gauge("blip.keys.tracked")).isEqualTo(2.0);
            traffic.steady(h, 4, 16, "stays");
            assertThat(h.driver.<String, byte[]>getKeyValueStore(ScoringTopology.KEY_STORE).get("gone")).isNull();
            assertThat(h.driver.<String, byte[]>getKeyValueStore(ScoringTopology.KEY_STORE).get("stays")).isNotNull();
            assertThat(h.gauge("blip.keys.tracked")).isEqualTo(1.0);

            traffic.steady(h, 16, 18, "gone", "stays");
            dev.blip.scorer.state.KeyState back = dev.blip.scorer.state.KeyStateCodec.decode(
                    h.driver.<String, byte[]>getKeyValueStore(ScoringTopology.KEY_STORE).get("gone"));
            assertThat(back.window().outputs()).as("a returning key warms up again").isLessThanOrEqualTo(1);
            assertThat(back.lastClosed()).isGreaterThanOrEqualTo(TestTime.bucket(15));
        }
    }
}
