package dev.blip.core.bundle;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.score.WindowScore;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.testkit.TestBundles;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bundle written by an earlier build (format {@value BundleManifest#FORMAT_VERSION}) is kept in
 * {@code src/test/resources/bundles/} with the scores it gave when it was written (through the
 * DL4J engine). This build must load it and, through the same engine, score the same synthetic
 * traffic to exactly the same numbers; the production engine (the fast pass, which differs from
 * DL4J only by float rounding) must agree within its documented tolerance and give the same
 * verdicts. When the bundle format changes, add a new pair of files; never regenerate an old one.
 *
 * <p>Regenerate (new format only):
 * {@code ./mvnw -B -o -pl core test -Dtest=SavedBundleCompatibilityTest -Dblip.writeSavedBundle=true}
 */
class SavedBundleCompatibilityTest {

    static final String BUNDLE = "/bundles/blip-format-1.zip";
    static final String SCORES = "/bundles/blip-format-1-scores.csv";
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
    void savedBundleOfTheCurrentFormatLoadsAndScoresExactlyAsWhenItWasWritten() throws Exception {
        ModelBundle bundle = BundleIO.load(resource(BUNDLE));
        assertThat(bundle.manifest().formatVersion()).isEqualTo(BundleManifest.FORMAT_VERSION);
        assertThat(bundle.version()).matches("[0-9a-f]{64}");

        List<String> expected = readLines(SCORES);
        assertThat(expected).hasSizeGreaterThan(100);
        List<String> actual = scoreLines(bundle);
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual.stream().filter(l -> l.contains(",true,"))).as("some anomalies").isNotEmpty();

        List<String> production = scoreLines(bundle, bundle.newScorer());
        assertThat(bundle.newReconstructionModel().engine()).isNotEqualTo("dl4j");
        assertThat(production).hasSameSizeAs(expected);
        for (int i = 1; i < expected.size(); i++) {
            String[] want = expected.get(i).split(",");
            String[] got = production.get(i).split(",");
            assertThat(got[0]).isEqualTo(want[0]);
            assertThat(got[1]).isEqualTo(want[1]);
            double raw = Double.parseDouble(want[2]);
            assertThat(Double.parseDouble(got[2])).as(expected.get(i)).isCloseTo(raw, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(raw) + 1e-6));
            assertThat(got[4]).as("verdict " + expected.get(i)).isEqualTo(want[4]);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "blip.writeSavedBundle", matches = "true")
    void writeSavedBundle() throws IOException {
        SyntheticTraffic.Result training = new SyntheticTraffic(3, 400, dev.blip.core.bucket.BucketInterval.parse("5m"),
                1_700_006_400_000L, 5, 300, 48, 0, 400, 99L).generate();
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
