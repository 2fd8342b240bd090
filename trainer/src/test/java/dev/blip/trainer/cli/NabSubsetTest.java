package dev.blip.trainer.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * detect --train-fraction and evaluate on one real NAB file from the shared data set (skipped
 * when {@code /work/shared/data/nab} is absent). The full 41-file run is in BENCHMARKS.md.
 */
class NabSubsetTest {

    static final Path NAB = Path.of(System.getProperty("blip.nab", "/work/shared/data/nab"));
    static final String FILE = "realTraffic/speed_7578.csv";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsData() {
        assumeTrue(Files.isRegularFile(NAB.resolve(FILE)) && Files.isRegularFile(NAB.resolve("labels.json")),
                "shared NAB data not present at " + NAB);
    }

    @Test
    void detectWithTrainFractionThenEvaluate() throws Exception {
        Path in = dir.resolve("in/" + FILE);
        Files.createDirectories(in.getParent());
        Files.copy(NAB.resolve(FILE), in);
        Path out = dir.resolve("scores");
        Cli.Result d = Cli.run("detect", "--input", dir.resolve("in").toString(), "--output", out.toString(),
                "--train-fraction", "0.15", "--train-max-rows", "750", "--missing", "linear", "--window", "16",
                "--hidden", "16", "--epochs", "3", "--allow-underfit");
        assertThat(d.code()).as(d.toString()).isEqualTo(ExitCodes.OK);
        List<String> input = Files.readAllLines(in);
        List<String> scored = Files.readAllLines(out.resolve(FILE));
        assertThat(scored).hasSameSizeAs(input);
        for (int i = 1; i < input.size(); i++) {
            String[] a = input.get(i).split(",");
            String[] b = scored.get(i).split(",", -1);
            assertThat(b[0]).isEqualTo(a[0]);
            assertThat(b[1]).isEqualTo(a[1]);
            assertThat(Double.parseDouble(b[2])).isBetween(0.0, 1.0);
        }
        assertThat(d.err()).contains("share a 5m bucket");
        Cli.Result e = Cli.run("evaluate", "--scores", out.toString(), "--labels", NAB.resolve("labels.json").toString(),
                "--report", dir.resolve("report").toString());
        assertThat(e.code()).as(e.toString()).isEqualTo(ExitCodes.OK);
        assertThat(e.out()).contains("evaluated 1 file(s)").contains("/4 |");
        assertThat(dir.resolve("report/plots/realTraffic_speed_7578.csv.png")).isRegularFile();
    }
}
