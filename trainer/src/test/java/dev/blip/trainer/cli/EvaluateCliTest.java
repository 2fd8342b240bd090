package dev.blip.trainer.cli;

import dev.blip.trainer.dataset.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code evaluate} on hand-made scored files whose right answers are known. */
class EvaluateCliTest {

    @TempDir
    Path dir;

    private static final long T0 = Instant.parse("2014-04-01T00:00:00Z").toEpochMilli();

    private static String ts(int i) {
        return Instant.ofEpochMilli(T0 + i * 300_000L).toString().replace("T", " ").replace("Z", "");
    }

    /** 400 rows; values flat with a spike at 300; the model flags rows given. */
    private Path scored(String name, int... flagged) {
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,value,anomaly_score,is_anomaly,expected");
        for (int i = 0; i < 400; i++) {
            boolean f = false;
            for (int x : flagged) {
                f |= x == i;
            }
            double value = i == 300 ? 500 : 100 + (i % 5);
            lines.add(ts(i) + "," + value + "," + (f ? 0.999 : 0.1) + "," + (f ? 1 : 0) + ",100");
        }
        return Fixtures.write(dir.resolve("scores").resolve(name), lines);
    }

    private Path labels() {
        return Fixtures.write(dir.resolve("labels.json"), List.of("{",
                "\"sub/a.csv\": [[\"" + ts(295) + ".000000\", \"" + ts(305) + ".000000\"]],",
                "\"sub/b.csv\": [[\"" + ts(295) + ".000000\", \"" + ts(305) + ".000000\"]]", "}"));
    }

    @Test
    void reportsModelAndBaselineWithPlotsAndTables() throws Exception {
        scored("sub/a.csv", 296, 297);
        scored("sub/b.csv", 150);
        Path report = dir.resolve("report");
        Cli.Result r = Cli.run("evaluate", "--scores", dir.resolve("scores").toString(), "--labels", labels().toString(),
                "--report", report.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("evaluated 2 file(s)")
                .contains("| model | 0.667 | 0.091 | 0.160 | 0.500 | 0.500 | 0.500 | 1/2 | 1 |")
                .contains("| rolling z-score baseline |");
        String summary = Files.readString(report.resolve("summary.md"));
        assertThat(summary).contains("| sub/a.csv | 400 | 1 | 1 | 0 |").contains("| sub/b.csv | 400 | 1 | 0 | 1 |");
        assertThat(report.resolve("plots/sub_a.csv.png")).isRegularFile();
        assertThat(Files.readString(report.resolve("index.html"))).contains("plots/sub_b.csv.png");
        // NAB with the corpus-wide sweep: the model's scores are 0.999 at rows 296, 297 (a, window 295..305,
        // width 11) and 150 (b, far before b's window); 0.1 elsewhere. Threshold 0.999 detects all three:
        // a: s(-(305 - 296 + 1) / 11) / s(-1) = tanh(25/11) / tanh(2.5) = 0.99227; b: -0.11 - 1 (missed);
        // total -0.11773 vs -2 for nothing -> 100 * (-0.11773 + 2) / 4 = 47.06.
        assertThat(r.out()).contains("NAB score with NAB's corpus-wide threshold sweep")
                .contains("| model | anomaly_score | 47.06 | 0.999000 |");
        List<String> csv = Files.readAllLines(report.resolve("summary.csv"));
        assertThat(csv.get(0)).startsWith("detector,score_column,profile,threshold_kind,threshold,nab_score,raw");
        assertThat(csv).anySatisfy(l -> assertThat(l).startsWith("model,anomaly_score,standard,swept,0.999,47.056865"));
        assertThat(Files.readString(report.resolve("summary.json"))).contains("\"reward_low_FN_rate\"")
                .contains("\"own_threshold\"").contains("\"swept\"");
    }

    @Test
    void extraScoreColumnsAreSweptAsDetectorsOfTheirOwn() {
        scored("sub/a.csv", 296);
        scored("sub/b.csv", 150);
        Cli.Result r = Cli.run("evaluate", "--scores", dir.resolve("scores").toString(), "--labels", labels().toString(),
                "--report", dir.resolve("r").toString(), "--no-plots", "--score-column", "expected");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        // A constant column is NAB's null detector: 0 on every profile.
        assertThat(r.out()).contains("| expected | expected | 0.00 | none | 0.00 | none | 0.00 | none |");
    }

    @Test
    void minF1FailsWithExitCodeOne() {
        scored("sub/a.csv", 150);
        Cli.Result r = Cli.run("evaluate", "--scores", dir.resolve("scores").toString(), "--labels", labels().toString(),
                "--report", dir.resolve("r").toString(), "--no-plots", "--min-f1", "0.5");
        assertThat(r.code()).isEqualTo(ExitCodes.UNDERFIT_OR_EVALUATION);
        assertThat(r.err()).contains("event-wise F1 0.000 is below --min-f1 0.500");
    }

    @Test
    void labelColumnInTheOriginalInputWorksToo() {
        scored("a.csv", 298);
        List<String> input = new ArrayList<>(List.of("timestamp,value,label"));
        for (int i = 0; i < 400; i++) {
            input.add(ts(i) + ",1," + (i >= 296 && i <= 302 ? 1 : 0));
        }
        Fixtures.write(dir.resolve("in/a.csv"), input);
        Cli.Result r = Cli.run("evaluate", "--scores", dir.resolve("scores").toString(), "--label-column", "label",
                "--inputs", dir.resolve("in").toString(), "--report", dir.resolve("r").toString(), "--no-plots");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("| 1/1 | 0 |");
    }

    @Test
    void badLabelsFileNamesFileAndRule() throws Exception {
        scored("sub/a.csv", 150);
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"sub/a.csv\": [[\"2014-04-01 00:00:00\"]]}");
        Cli.Result r = Cli.run("evaluate", "--scores", dir.resolve("scores").toString(), "--labels", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(bad + ":\"sub/a.csv\": invalid_labels");
    }
}
