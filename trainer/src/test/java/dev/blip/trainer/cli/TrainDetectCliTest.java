package dev.blip.trainer.cli;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.score.WindowScore;
import dev.blip.core.synth.InjectedAnomaly;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.trainer.dataset.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main user journey through the real CLI on generated traffic with injected anomalies:
 * train on the clean history (JSON Lines events), inspect the bundle, detect on every key's full
 * series, and check that detect's scores are exactly core's batched scores and that the
 * anomalies are found.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainDetectCliTest {

    static final int BUCKETS = 1000;
    static final int CLEAN = 600;

    @TempDir
    static Path dir;
    static SyntheticTraffic.Result traffic;
    static Path bundle;
    static Cli.Result trained;

    static Path verifyKey;
    static Path otherVerifyKey;

    @BeforeAll
    static void train() throws Exception {
        java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("Ed25519");
        java.security.KeyPair key = gen.generateKeyPair();
        Path signKey = Files.writeString(dir.resolve("sign.pem"), dev.blip.core.bundle.BundleSignature.toPem(key.getPrivate()));
        verifyKey = Files.writeString(dir.resolve("verify.pem"), dev.blip.core.bundle.BundleSignature.toPem(key.getPublic()));
        otherVerifyKey = Files.writeString(dir.resolve("other.pem"),
                dev.blip.core.bundle.BundleSignature.toPem(gen.generateKeyPair().getPublic()));
        traffic = TestTraffic.synthetic(4, BUCKETS, 20, 400, 48, 4, CLEAN, 5L);
        List<CountSeries> history = traffic.series().stream().map(s -> s.slice(0, CLEAN)).toList();
        Path events = Fixtures.eventsJsonl(dir.resolve("history.jsonl"),
                new SyntheticTraffic.Result(history, List.of()).events(9L));
        for (CountSeries s : traffic.series()) {
            Fixtures.seriesCsv(dir.resolve("series").resolve(s.key() + ".csv"), s);
        }
        bundle = dir.resolve("models/model.zip");
        trained = Cli.run("train", "--events", events.toString(), "--bucket", "5m", "-o", bundle.toString(),
                "--window", "16", "--hidden", "24", "--epochs", "8", "--patience", "2", "--seed", "3", "--learning-rate", "0.01", "--calibration-parameter", "0.999", "-q",
                "--sign-key", signKey.toString());
    }

    @Test
    @Order(2)
    void aSignedBundleVerifiesWithItsKeyOnlyAndLoadsWithoutOne() {
        assertThat(trained.out()).contains(", signed)");
        Cli.Result ok = Cli.run("inspect", "--verify-key", verifyKey.toString(), bundle.toString());
        assertThat(ok.code()).as(ok.toString()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("signature: valid (key ");
        Cli.Result wrong = Cli.run("inspect", "--verify-key", otherVerifyKey.toString(), bundle.toString());
        assertThat(wrong.code()).as(wrong.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wrong.err()).contains("signature").contains("not a valid signature");
    }

    @Test
    @Order(1)
    void trainWritesBundleAndReport() {
        assertThat(trained.code()).as(trained.toString()).isEqualTo(ExitCodes.OK);
        assertThat(trained.out()).contains("wrote " + bundle).contains("model beats naive predictors")
                .contains("calibration  quantile");
        assertThat(bundle).isRegularFile();
        Path report = Path.of(bundle + ".report");
        assertThat(report.resolve("loss.png")).isRegularFile();
        assertThat(report.resolve("validation-errors.png")).isRegularFile();
        assertThat(report.resolve("worst-1.png")).isRegularFile();
        try (var files = Files.list(bundle.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("model.zip.tmp")
                    .noneMatch(n -> n.endsWith(".tmp"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(2)
    void inspectPrintsTheManifest() {
        ModelBundle loaded = BundleIO.load(bundle);
        Cli.Result r = Cli.run("inspect", bundle.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("model        " + loaded.version()).contains("bucket       5m, window 16")
                .contains("per-key EWM normaliser (alpha 0.05, warm-up 16").contains("difference (lag 1)")
                .contains("encoder [24]").contains("trainingWindows");
        Cli.Result json = Cli.run("inspect", "--json", bundle.toString());
        assertThat(json.code()).isEqualTo(ExitCodes.OK);
        assertThat(json.out()).contains("\"modelVersion\" : \"" + loaded.version() + "\"");
    }

    @Test
    @Order(3)
    void detectScoresEqualCoreBatchedScoresBitForBit() throws Exception {
        Path out = dir.resolve("scored");
        Cli.Result r = Cli.run("detect", "--input", dir.resolve("series").toString(), "--output", out.toString(),
                "--model", bundle.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        ModelBundle loaded = BundleIO.load(bundle);
        for (CountSeries s : traffic.series()) {
            List<String> lines = Files.readAllLines(out.resolve(s.key() + ".csv"));
            assertThat(lines).hasSize(s.length() + 1);
            assertThat(lines.get(0)).isEqualTo(dev.blip.trainer.evaluate.DetectionCsv.HEADER);
            List<WindowScore> direct = loaded.newScorer().score(loaded.assembler().windows(s));
            List<dev.blip.core.detect.BucketVerdict> verdicts = loaded.detector().run(direct);
            int firstScored = s.length() - direct.size();
            for (int t = 0; t < s.length(); t++) {
                String[] row = lines.get(t + 1).split(",", -1);
                assertThat(Long.parseLong(row[1])).isEqualTo((long) s.values()[t][0]);
                if (t < firstScored) {
                    assertThat(Double.parseDouble(row[2])).isZero();
                    assertThat(row[4]).isEmpty();
                } else {
                    WindowScore w = direct.get(t - firstScored);
                    var v = verdicts.get(t - firstScored);
                    assertThat(w.endBucketStart()).isEqualTo(s.bucketStart(t));
                    assertThat(Double.doubleToLongBits(Double.parseDouble(row[2])))
                            .isEqualTo(Double.doubleToLongBits(v.anomalyScore()));
                    assertThat(row[3]).isEqualTo(v.anomaly() ? "1" : "0");
                    assertThat(Double.parseDouble(row[4])).isEqualTo(w.lastExpected()[0]);
                    assertThat(Double.parseDouble(row[5])).isEqualTo(w.expectedLow()[0]);
                    assertThat(Double.parseDouble(row[6])).isEqualTo(w.expectedHigh()[0]);
                    assertThat(Double.doubleToLongBits(Double.parseDouble(row[7]))).isEqualTo(Double.doubleToLongBits(w.rawScore()));
                    assertThat(row[10]).isEqualTo(String.join("|", v.reasons()));
                }
            }
        }
    }

    @Test
    @Order(4)
    void detectFindsTheInjectedAnomaliesWithFewFalseAlarms() throws Exception {
        Path out = dir.resolve("scored");
        int found = 0;
        long falseAlarms = 0;
        long clean = 0;
        StringBuilder where = new StringBuilder();
        List<String> missed = new ArrayList<>();
        for (CountSeries s : traffic.series()) {
            List<String> lines = Files.readAllLines(out.resolve(s.key() + ".csv"));
            List<InjectedAnomaly> truth = traffic.truth().stream().filter(a -> a.key().equals(s.key())).toList();
            boolean[] flagged = new boolean[s.length()];
            for (int t = 0; t < s.length(); t++) {
                flagged[t] = lines.get(t + 1).split(",", -1)[3].equals("1");
            }
            for (InjectedAnomaly a : truth) {
                boolean hit = false;
                for (int t = a.startBucket(); t < Math.min(s.length(), a.endBucket() + 16); t++) {
                    hit |= flagged[t];
                }
                found += hit ? 1 : 0;
                if (!hit) {
                    missed.add(a.kind() + "@" + a.key() + "[" + a.startBucket() + "," + a.endBucket() + ")");
                }
            }
            for (int t = CLEAN; t < s.length(); t++) {
                final int bucket = t;
                boolean near = truth.stream().anyMatch(a -> bucket >= a.startBucket() && bucket < a.endBucket() + 16);
                if (!near) {
                    clean++;
                    falseAlarms += flagged[t] ? 1 : 0;
                    if (flagged[t]) {
                        where.append(s.key()).append('@').append(t).append(' ');
                    }
                }
            }
        }
        assertThat(found).as("found %d of %d, missed %s", found, traffic.truth().size(), missed)
                .isGreaterThanOrEqualTo(3);
        // A window-level score flags every window that contains one unusual bucket, so a single
        // natural burst shows up as up to T consecutive flagged rows; 3.0 % was measured here.
        assertThat((double) falseAlarms / clean).as("false alarms %d of %d clean buckets: %s truth %s", falseAlarms, clean, where, traffic.truth())
                .isLessThan(0.05);
    }

    @Test
    @Order(5)
    void detectRefusesAFileWithOtherFeatures() {
        Path f = Fixtures.write(dir.resolve("two.csv"), List.of("timestamp,a,b", "2023-11-15T00:00:00Z,1,2",
                "2023-11-15T00:05:00Z,1,2"));
        Cli.Result r = Cli.run("detect", "--input", f.toString(), "--output", dir.resolve("two-out.csv").toString(),
                "--model", bundle.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(f + ":line 1: feature_mismatch");
        assertThat(dir.resolve("two-out.csv")).doesNotExist();
    }
}
