package dev.blip.core.bundle;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.score.WindowScore;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.model.WindowTensors;
import dev.blip.core.score.Calibration;
import dev.blip.core.testkit.LstmRoundingModel;
import dev.blip.core.testkit.ScoreBounds;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.core.window.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bundle written by an earlier build (format {@value BundleManifest#FORMAT_VERSION}) is kept in
 * {@code src/test/resources/bundles/} with the scores it gave when it was written (through the
 * DL4J engine, on the writer's machine). This build must load it and score the same synthetic
 * traffic to the same windows, and every engine's scores, as well as the saved ones, must lie
 * within the float32 rounding bound of the exact (double-precision) scores of the saved weights
 * ({@link LstmRoundingModel}, {@link ScoreBounds}), with the same verdicts wherever the exact
 * score is not within that bound of the threshold. Not bit-identical text: DL4J's float output
 * depends on the CPU's BLAS kernels (the file was written on AMD EPYC; issue 10), so equality would
 * test the machine, not the format. A format change that altered the weights or the calibration
 * still fails, by orders of magnitude (see {@code FastLstmReconstructionModelTest#theBoundCatchesRealBugs}).
 * When the bundle format changes, add a new pair of files; never regenerate an old one.
 *
 * <p>Regenerate (new format only):
 * {@code ./mvnw -B -o -pl core test -Dtest=SavedBundleCompatibilityTest -Dblip.writeSavedBundle=true}
 */
class SavedBundleCompatibilityTest {

    static final String BUNDLE = "/bundles/blip-format-2.zip";
    static final String SCORES = "/bundles/blip-format-2-scores.csv";
    /** A bundle of the earlier detector (whole-window errors, no level channel or per-key detector). */
    static final String FORMAT_1 = "/bundles/blip-format-1.zip";
    private static final String HEADER = "key,endBucketStart,rawScore,anomalyScore,anomaly,expectedLast";

    /** The fixed traffic scored for the expected-scores file: two keys with injected anomalies. */
    private static List<CountSeries> traffic() {
        return SyntheticTraffic.defaults(2, 160, 2024L).generate().series();
    }

    private static List<String> scoreLines(ModelBundle bundle) {
        return scoreLines(bundle, dl4jScorer(bundle));
    }

    private static WindowScorer dl4jScorer(ModelBundle bundle) {
        return new WindowScorer(new Dl4jReconstructionModel(bundle.manifest().model(), bundle.network().clone()),
                bundle.manifest().calibration());
    }

    private static List<String> scoreLines(ModelBundle bundle, WindowScorer scorer) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (CountSeries s : traffic()) {
            List<Window> windows = bundle.assembler().windows(s);
            for (WindowScore w : scorer.score(windows)) {
                // Double.toString round-trips exactly, so equal text means bit-identical scores.
                lines.add(String.join(",", w.key(), Long.toString(w.endBucketStart()), Double.toString(w.rawScore()),
                        Double.toString(w.anomalyScore()), Boolean.toString(w.anomaly()),
                        Double.toString(w.lastExpected()[0])));
            }
        }
        return lines;
    }

    @Test
    void savedBundleOfTheCurrentFormatLoadsAndScoresWithinTheRoundingBoundOfWhenItWasWritten() throws Exception {
        ModelBundle bundle = BundleIO.load(resource(BUNDLE));
        assertThat(bundle.manifest().formatVersion()).isEqualTo(BundleManifest.FORMAT_VERSION);
        assertThat(bundle.version()).matches("[0-9a-f]{64}");

        List<String> expected = readLines(SCORES);
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(expected.stream().filter(l -> l.contains(",true,"))).as("some anomalies").isNotEmpty();
        assertThat(bundle.newReconstructionModel().engine()).isNotEqualTo("dl4j");
        Map<String, List<String>> engines = new LinkedHashMap<>();
        engines.put("dl4j", scoreLines(bundle));
        engines.put("production", scoreLines(bundle, bundle.newScorer()));

        // exact scores of the saved weights, in the order of the lines
        Calibration c = bundle.manifest().calibration();
        LstmRoundingModel model = LstmRoundingModel.of(bundle.manifest().model(), bundle.network());
        List<ScoreBounds.Interval> raw = new ArrayList<>();
        List<double[]> lastExpected = new ArrayList<>();
        for (CountSeries s : traffic()) {
            List<Window> windows = bundle.assembler().windows(s);
            LstmRoundingModel.Result exact = model.run(WindowTensors.masked(windows, bundle.manifest().model().maskNewest()),
                    windows.size(), LstmRoundingModel.float32());
            for (int i = 0; i < windows.size(); i++) {
                Window w = windows.get(i);
                raw.add(ScoreBounds.rawScore(c, w, exact, i));
                int last = (i * w.features()) * w.length() + w.length() - 1; // feature 0, last step
                double lo = w.toCount(w.length() - 1, 0, exact.exact()[last] - exact.bound()[last]);
                double hi = w.toCount(w.length() - 1, 0, exact.exact()[last] + exact.bound()[last]);
                // toCount is monotone (affine, then the stabiliser's inverse), plus its own double rounding: a few ulp
                double slack = 4 * Math.ulp(Math.max(Math.abs(lo), Math.abs(hi)));
                lastExpected.add(new double[] {Math.min(lo, hi) - slack, Math.max(lo, hi) + slack});
            }
        }
        assertThat(raw).hasSize(expected.size() - 1);
        engines.put("saved", expected);
        for (Map.Entry<String, List<String>> engine : engines.entrySet()) {
            List<String> lines = engine.getValue();
            assertThat(lines).as(engine.getKey()).hasSameSizeAs(expected);
            assertThat(lines.get(0)).isEqualTo(HEADER);
            for (int i = 1; i < expected.size(); i++) {
                String[] want = expected.get(i).split(",");
                String[] got = lines.get(i).split(",");
                String what = engine.getKey() + " " + lines.get(i);
                assertThat(got[0]).as(what).isEqualTo(want[0]);
                assertThat(got[1]).as(what).isEqualTo(want[1]);
                ScoreBounds.Interval exact = raw.get(i - 1);
                double score = Double.parseDouble(got[2]);
                assertThat(Math.abs(score - exact.exact())).as("%s: raw vs exact %s", what, exact.exact()).isLessThanOrEqualTo(exact.radius());
                assertThat(Double.parseDouble(got[3])).as("%s: anomaly score", what)
                        .isBetween(c.anomalyScore(exact.exact() - exact.radius()), c.anomalyScore(exact.exact() + exact.radius()));
                if (Math.abs(exact.exact() - c.threshold()) > exact.radius()) {
                    assertThat(got[4]).as("%s: verdict", what).isEqualTo(Boolean.toString(c.isAnomaly(exact.exact())));
                }
                double[] range = lastExpected.get(i - 1);
                assertThat(Double.parseDouble(got[5])).as("%s: expected count", what).isBetween(range[0], range[1]);
            }
        }
    }

    @Test
    void aBundleOfTheEarlierFormatIsRefusedWithAReasonToRetrain() throws Exception {
        assertThatThrownBy(() -> BundleIO.load(resource(FORMAT_1)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("formatVersion: this build reads format " + BundleManifest.FORMAT_VERSION + ", the bundle has 1")
                .hasMessageContaining("retrain the model");
    }

    @Test
    @EnabledIfSystemProperty(named = "blip.writeSavedBundle", matches = "true")
    void writeSavedBundle() throws IOException {
        SyntheticTraffic.Result training = TestTraffic.synthetic(3, 400, 5, 300, 48, 0, 400, 99L);
        ModelBundle trained = TestBundles.train(training.series(), TestBundles.eventPreprocessing(),
                ModelConfig.defaults(1, 8).withHidden(List.of(6)), 6, 0.99);
        Path dir = Path.of("src/test/resources/bundles");
        Files.createDirectories(dir);
        Path zip = dir.resolve(Path.of(BUNDLE).getFileName().toString());
        BundleIO.save(trained.manifest(), trained.network(), zip);
        Files.write(dir.resolve(Path.of(SCORES).getFileName().toString()), scoreLines(BundleIO.load(zip)),
                StandardCharsets.UTF_8);
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = SavedBundleCompatibilityTest.class.getResource(name);
        assertThat(url).as(name + " on the test classpath").isNotNull();
        return Path.of(url.toURI());
    }

    private static List<String> readLines(String name) throws IOException {
        try (InputStream in = SavedBundleCompatibilityTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
