package dev.blip.trainer.evaluate;

import dev.blip.trainer.dataset.CsvTable;
import dev.blip.trainer.dataset.InputException;
import dev.blip.trainer.dataset.SeriesTable;
import dev.blip.trainer.dataset.Timestamps;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The {@code detect} output format, fixed because benchmarks and scripts read it:
 * {@code timestamp,value,anomaly_score,is_anomaly,expected}, one row per input row in input
 * order; {@code timestamp} and {@code value} are echoed as written, {@code is_anomaly} is 0 or 1,
 * {@code expected} is empty before the first full window. Written to a temporary file and moved
 * into place, so a reader never sees half a file.
 */
public final class DetectionCsv {

    public static final String HEADER = "timestamp,value,anomaly_score,is_anomaly,expected";

    /** A scored file read back (for evaluation). */
    public record Scored(Path file, long[] timestamps, double[] values, double[] score, boolean[] anomaly) {
        public int rows() {
            return timestamps.length;
        }
    }

    private DetectionCsv() {
    }

    public static void write(Path target, SeriesTable table, Detection d) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    out.write(HEADER);
                    out.write('\n');
                    for (int i = 0; i < table.rows(); i++) {
                        out.write(row(table, d, i));
                    }
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static String row(SeriesTable table, Detection d, int i) {
        String expected = Double.isNaN(d.expected()[i]) ? "" : format(d.expected()[i]);
        return quote(table.rawTimestamps()[i]) + ',' + quote(table.rawValues()[i]) + ',' + format(d.score()[i]) + ','
                + (d.anomaly()[i] ? 1 : 0) + ',' + expected + '\n';
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String quote(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    public static Scored read(Path file) {
        CsvTable csv = CsvTable.read(file);
        int ts = csv.requireColumn("timestamp");
        int value = csv.requireColumn("value");
        int score = csv.requireColumn("anomaly_score");
        int flag = csv.requireColumn("is_anomaly");
        int n = csv.rows().size();
        Scored s = new Scored(file, new long[n], new double[n], new double[n], new boolean[n]);
        for (int i = 0; i < n; i++) {
            String[] row = csv.rows().get(i);
            int line = csv.line(i);
            try {
                s.timestamps()[i] = Timestamps.parse(row[ts]);
                s.values()[i] = Double.parseDouble(row[value]);
                s.score()[i] = Double.parseDouble(row[score]);
            } catch (IllegalArgumentException e) {
                throw InputException.atLine(file, line, "invalid_scored_row", e.getMessage());
            }
            if (!row[flag].equals("0") && !row[flag].equals("1")) {
                throw InputException.atLine(file, line, "invalid_flag", "column 'is_anomaly' must be 0 or 1, got '"
                        + row[flag] + "'");
            }
            s.anomaly()[i] = row[flag].equals("1");
        }
        return s;
    }
}
