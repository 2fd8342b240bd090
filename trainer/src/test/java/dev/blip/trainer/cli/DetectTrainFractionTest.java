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

/** {@code detect --train-fraction}: the model sees only each file's prefix. */
class DetectTrainFractionTest {

    @TempDir
    Path dir;

    private Path series(String name, double tailFactor) {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 600; i++) {
            double v = 50 + 20 * Math.sin(i / 8.0) + ((i * 37) % 11);
            lines.add((t0 + i * 60_000L) + "," + (i >= 300 ? v * tailFactor : v));
        }
        return Fixtures.write(dir.resolve("in").resolve(name), lines);
    }

    @Test
    void dataAfterThePrefixNeverChangesTheModel() throws Exception {
        series("a/plain.csv", 1.0);
        series("b/changed.csv", 3.0);
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("detect", "--input", dir.resolve("in").toString(), "--output", out.toString(),
                "--train-fraction", "0.5", "--train-max-rows", "250", "--window", "8", "--hidden", "8",
                "--epochs", "2", "--allow-underfit");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("a/plain.csv: 600 rows").contains("b/changed.csv: 600 rows");
        List<String> plain = Files.readAllLines(out.resolve("a/plain.csv"));
        List<String> changed = Files.readAllLines(out.resolve("b/changed.csv"));
        assertThat(plain).hasSize(601);
        // Training used rows [0, 250); windows ending before row 300 see identical data and an
        // identical model, so their scores must agree exactly even though the tails differ.
        for (int i = 1; i <= 300; i++) {
            assertThat(changed.get(i)).isEqualTo(plain.get(i));
        }
        assertThat(changed.subList(301, 601)).isNotEqualTo(plain.subList(301, 601));
        long flaggedTail = changed.subList(301, 601).stream().filter(l -> l.split(",")[3].equals("1")).count();
        assertThat(flaggedTail).isGreaterThan(0);
    }
}
