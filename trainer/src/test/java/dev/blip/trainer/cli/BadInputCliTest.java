package dev.blip.trainer.cli;

import dev.blip.trainer.dataset.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad-input case of the issue through the real CLI: one clear message naming the file,
 * the line and the rule, the documented exit code, and no bundle written.
 */
class BadInputCliTest {

    @TempDir
    Path dir;

    private Cli.Result trainSeries(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--series", file.toString(), "-o",
                dir.resolve("model.zip").toString(), "-q", "--no-report", "--hidden", "4", "--epochs", "1"));
        if (!Arrays.asList(extra).contains("--window")) {
            args.addAll(List.of("--window", "8"));
        }
        args.addAll(Arrays.asList(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private List<String> goodRows(int n) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(String.format("2014-04-10 %02d:%02d:00,%d", i / 60, i % 60, 10 + i % 7));
        }
        return rows;
    }

    private Path file(String name, String header, List<String> rows, int badLine, String badRow) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        if (badRow != null) {
            lines.set(badLine - 1, badRow);
        }
        return Fixtures.write(dir.resolve(name), lines);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "invalid_timestamp | 5 | 2014-04-10 99:00:00,12",
        "invalid_number    | 7 | 2014-04-10 00:05:00,twelve",
        "not_finite        | 4 | 2014-04-10 00:02:00,NaN",
        "negative_count    | 6 | 2014-04-10 00:04:00,-3",
        "column_count      | 3 | 2014-04-10 00:01:00,4,5",
    })
    void badRowsNameFileLineAndRule(String rule, int line, String row) {
        Path f = file("bad.csv", "timestamp,value", goodRows(200), line, row);
        Cli.Result r = trainSeries(f);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(f.toString() + ":line " + line + ": " + rule);
        assertThat(dir.resolve("model.zip")).doesNotExist();
    }

    @Test
    void missingTimestampColumn() {
        Path f = file("nots.csv", "time,value", goodRows(50), 0, null);
        Cli.Result r = trainSeries(f);
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(f + ":line 1: missing_column").contains("'timestamp'");
    }

    @Test
    void unknownValueColumn() {
        Path f = file("cols.csv", "timestamp,value", goodRows(50), 0, null);
        Cli.Result r = trainSeries(f, "--value-columns", "latency");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(f + ":line 1: unknown_column").contains("'latency'");
    }

    @Test
    void emptyFileAndHeaderOnly() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Cli.Result r = trainSeries(empty);
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(empty + ": empty_file");
        Path header = Files.writeString(dir.resolve("header.csv"), "timestamp,value\n");
        r = trainSeries(header);
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(header + ": empty_file").contains("no data rows");
    }

    @Test
    void windowLongerThanHistory() {
        Path f = file("short.csv", "timestamp,value", goodRows(20), 0, null);
        Cli.Result r = trainSeries(f, "--window", "32");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("short.csv: window_longer_than_history").contains("window length 32")
                .contains("20 buckets");
    }

    @Test
    void seriesShorterThanWindowPlusTrainingMinimum() {
        Path f = file("brief.csv", "timestamp,value", goodRows(30), 0, null);
        Cli.Result r = trainSeries(f);
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("brief.csv: too_short").contains("30 buckets");
        assertThat(dir.resolve("model.zip")).doesNotExist();
    }

    @Test
    void badJsonLinesEventNamesLineAndParserRule() {
        Path f = Fixtures.write(dir.resolve("events.jsonl"), List.of(
                "{\"timestamp\":1700000000000,\"key\":\"a\"}",
                "{\"timestamp\":\"yesterday\",\"key\":\"a\"}"));
        Cli.Result r = Cli.run("train", "--events", f.toString(), "-o", dir.resolve("model.zip").toString(), "-q");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(f + ":line 2: invalid_timestamp").contains("yesterday");
    }

    @Test
    void badCsvEventNamesLineAndRule() {
        Path f = Fixtures.write(dir.resolve("events.csv"), List.of("timestamp,key",
                "2023-11-15T00:00:00Z,a", "2023-11-15T00:01:00Z,"));
        Cli.Result r = Cli.run("train", "--events", f.toString(), "-o", dir.resolve("model.zip").toString(), "-q");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(f + ":line 3: invalid_key");
    }

    @Test
    void missingFileIsAnIoError() {
        Cli.Result r = trainSeries(dir.resolve("nope.csv"));
        assertThat(r.code()).isEqualTo(ExitCodes.IO_OR_KAFKA);
        assertThat(r.err()).contains("nope.csv");
    }

    @Test
    void badOptionsAreUsageErrors() {
        Path f = file("ok.csv", "timestamp,value", goodRows(50), 0, null);
        Cli.Result r = trainSeries(f, "--validation-fraction", "1.5");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("validation-fraction: must be in (0, 1), got 1.5");
        r = Cli.run("detect", "--input", f.toString(), "--output", dir.resolve("o.csv").toString(),
                "--model", "m.zip", "--train-fraction", "0.2");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void corruptBundleIsBadInput() throws Exception {
        Path bundle = Files.writeString(dir.resolve("broken.zip"), "not a zip");
        Cli.Result r = Cli.run("inspect", bundle.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("broken.zip");
    }
}
