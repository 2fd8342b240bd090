package dev.blip.trainer.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code timestamp,value[,value...]} files (the NAB layout). Value columns are the named
 * ones, or by default every column except {@code timestamp} and label-like columns
 * ({@code label}, {@code is_anomaly}) so that a labelled export can be scored as it is.
 *
 * <p>Rules (each violation names file, line, rule and value): a {@code timestamp} column is
 * required; timestamps must parse; values must be finite numbers; when the values are counts
 * ({@code counts = true}) they must also be {@code >= 0}.
 */
public final class SeriesCsvReader {

    /** Columns that hold ground truth, never model input. */
    public static final Set<String> LABEL_COLUMNS = Set.of("label", "is_anomaly", "anomaly");

    private final List<String> valueColumns;
    private final boolean counts;

    /**
     * @param valueColumns columns to read as features; null or empty for the default
     * @param counts       values are event counts (negative values are an error)
     */
    public SeriesCsvReader(List<String> valueColumns, boolean counts) {
        this.valueColumns = valueColumns == null ? List.of() : valueColumns;
        this.counts = counts;
    }

    public SeriesTable read(Path file) {
        CsvTable csv = CsvTable.read(file);
        int tsCol = csv.requireColumn("timestamp");
        int[] cols = valueColumns(csv, tsCol);
        int n = csv.rows().size();
        long[] ts = new long[n];
        double[][] values = new double[n][cols.length];
        String[] rawTs = new String[n];
        String[] rawValue = new String[n];
        int[] lines = new int[n];
        for (int i = 0; i < n; i++) {
            String[] row = csv.rows().get(i);
            lines[i] = csv.line(i);
            rawTs[i] = row[tsCol];
            rawValue[i] = row[cols[0]];
            ts[i] = timestamp(file, lines[i], row[tsCol]);
            for (int j = 0; j < cols.length; j++) {
                values[i][j] = number(file, lines[i], csv.header().get(cols[j]), row[cols[j]]);
            }
        }
        List<String> names = new ArrayList<>();
        for (int c : cols) {
            names.add(csv.header().get(c));
        }
        return new SeriesTable(file, names, ts, values, rawTs, rawValue, lines);
    }

    private int[] valueColumns(CsvTable csv, int tsCol) {
        List<Integer> out = new ArrayList<>();
        if (valueColumns.isEmpty()) {
            for (int c = 0; c < csv.header().size(); c++) {
                if (c != tsCol && !LABEL_COLUMNS.contains(csv.header().get(c))) {
                    out.add(c);
                }
            }
            if (out.isEmpty()) {
                throw new InputException(csv.file().toString(), "line 1", "missing_column",
                        "no value column next to 'timestamp' in header " + csv.header());
            }
        } else {
            for (String name : valueColumns) {
                int c = csv.column(name);
                if (c < 0) {
                    throw new InputException(csv.file().toString(), "line 1", "unknown_column",
                            "value column '" + name.toLowerCase(Locale.ROOT) + "' not in header " + csv.header());
                }
                out.add(c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long timestamp(Path file, int line, String text) {
        try {
            return Timestamps.parse(text);
        } catch (IllegalArgumentException e) {
            throw InputException.atLine(file, line, "invalid_timestamp", "column 'timestamp': " + e.getMessage());
        }
    }

    private double number(Path file, int line, String column, String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw InputException.atLine(file, line, "invalid_number", "column '" + column
                    + "' must be a number, got '" + text + "'");
        }
        if (!Double.isFinite(v)) {
            throw InputException.atLine(file, line, "not_finite", "column '" + column
                    + "' must be a finite number, got '" + text + "'");
        }
        if (counts && v < 0) {
            throw InputException.atLine(file, line, "negative_count", "column '" + column
                    + "' holds counts and must be >= 0, got " + text
                    + " (use --missing previous|linear for gauges that may be negative)");
        }
        return v;
    }
}
