package dev.blip.trainer.evaluate;

import dev.blip.trainer.dataset.CsvTable;
import dev.blip.core.io.AtomicFiles;
import dev.blip.trainer.dataset.InputException;
import dev.blip.trainer.dataset.SeriesTable;
import dev.blip.trainer.dataset.Timestamps;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code detect} output format, fixed because benchmarks and scripts read it:
 * {@code timestamp,value,anomaly_score,is_anomaly,expected,expected_low,expected_high,raw_error,
 * likelihood,instantaneous,reasons,episode}, one row per input row in input order (new columns are
 * only ever appended); {@code timestamp} and {@code value} are echoed as written, {@code is_anomaly}
 * is 0 or 1, the expected values and {@code raw_error} are empty before the key's first scored
 * bucket, {@code reasons} lists the signals that fired ({@code likelihood|instantaneous|range}),
 * {@code episode} is {@code open} or {@code closed} on the rows where an episode opened or closed. Numbers are written in
 * Java's shortest round-trip form, so parsing them gives back exactly the computed doubles. Written to a temporary file and moved
 * into place, so a reader never sees half a file.
 */
public final class DetectionCsv {

    public static final String HEADER = "timestamp,value,anomaly_score,is_anomaly,expected,expected_low,expected_high,"
            + "raw_error,likelihood,instantaneous,reasons,episode";

    /**
     * A scored file read back (for evaluation).
     *
     * @param extra further score columns asked for by name (empty cells are NaN), in the order asked
     */
    public record Scored(Path file, long[] timestamps, double[] values, double[] score, boolean[] anomaly,
                         Map<String, double[]> extra) {
        public Scored(Path file, long[] timestamps, double[] values, double[] score, boolean[] anomaly) {
            this(file, timestamps, values, score, anomaly, Map.of());
        }

        public int rows() {
            return timestamps.length;
        }
    }

    private DetectionCsv() {
    }

    public static void write(Path target, SeriesTable table, Detection d) {
        AtomicFiles.write(target, stream -> {
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            out.write(HEADER);
            out.write('\n');
            for (int i = 0; i < table.rows(); i++) {
                out.write(row(table, d, i));
            }
            out.flush();
        });
    }

    private static String row(SeriesTable table, Detection d, int i) {
        return quote(table.rawTimestamps()[i]) + ',' + quote(table.rawValues()[i]) + ',' + format(d.score()[i]) + ','
                + (d.anomaly()[i] ? 1 : 0) + ',' + orEmpty(d.expected()[i]) + ',' + orEmpty(d.expectedLow()[i]) + ','
                + orEmpty(d.expectedHigh()[i]) + ',' + orEmpty(d.rawError()[i]) + ',' + format(d.likelihood()[i]) + ','
                + format(d.instantaneous()[i]) + ',' + d.reasons()[i] + ',' + d.episode()[i] + '\n';
    }

    private static String orEmpty(double v) {
        return Double.isNaN(v) ? "" : format(v);
    }

    /** Shortest text that parses back to the same double: scores survive the file bit for bit. */
    private static String format(double v) {
        return Double.toString(v);
    }

    private static String quote(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    public static Scored read(Path file) {
        return read(file, List.of());
    }

    /** Reads the fixed columns plus the named extra score columns (each must be present). */
    public static Scored read(Path file, List<String> extraColumns) {
        CsvTable csv = CsvTable.read(file);
        int ts = csv.requireColumn("timestamp");
        int value = csv.requireColumn("value");
        int score = csv.requireColumn("anomaly_score");
        int flag = csv.requireColumn("is_anomaly");
        int n = csv.rows().size();
        Map<String, double[]> extra = new LinkedHashMap<>();
        int[] extraIndex = new int[extraColumns.size()];
        for (int k = 0; k < extraIndex.length; k++) {
            extraIndex[k] = csv.requireColumn(extraColumns.get(k));
            extra.put(extraColumns.get(k), new double[n]);
        }
        Scored s = new Scored(file, new long[n], new double[n], new double[n], new boolean[n], extra);
        for (int i = 0; i < n; i++) {
            String[] row = csv.rows().get(i);
            int line = csv.line(i);
            try {
                s.timestamps()[i] = Timestamps.parse(row[ts]);
                s.values()[i] = Double.parseDouble(row[value]);
                s.score()[i] = Double.parseDouble(row[score]);
                for (int k = 0; k < extraIndex.length; k++) {
                    String cell = row[extraIndex[k]].trim();
                    extra.get(extraColumns.get(k))[i] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                }
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
