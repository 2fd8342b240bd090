package dev.blip.trainer.dataset;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A CSV file as a header plus rows, each row remembering its line number for error messages.
 * Parsing (quotes, escapes) is jackson-dataformat-csv's; this class only adds the checks every
 * input file needs: a header, at least one row, and the same number of columns on every line.
 */
public record CsvTable(Path file, List<String> header, List<String[]> rows, List<Integer> lines) {

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES);

    public static CsvTable read(Path file) {
        List<String[]> all = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException("no such file: " + file));
        }
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                int line = it.getCurrentLocation().getLineNr();
                String[] row = it.nextValue();
                if (row.length == 1 && row[0].isBlank()) {
                    continue;
                }
                all.add(row);
                lines.add(line);
            }
        } catch (IOException e) {
            throw new InputException(file.toString(), null, "invalid_csv", e.getMessage());
        } catch (RuntimeException e) {
            throw new InputException(file.toString(), null, "invalid_csv", String.valueOf(e.getMessage()));
        }
        if (all.isEmpty()) {
            throw new InputException(file.toString(), null, "empty_file", "the file has no header and no rows");
        }
        List<String> header = Arrays.stream(all.get(0)).map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        if (all.size() == 1) {
            throw new InputException(file.toString(), null, "empty_file", "the file has a header but no data rows");
        }
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).length != header.size()) {
                throw InputException.atLine(file, lines.get(i), "column_count", "expected " + header.size()
                        + " columns " + header + ", got " + all.get(i).length);
            }
        }
        return new CsvTable(file, header, all.subList(1, all.size()), lines.subList(1, lines.size()));
    }

    public int column(String name) {
        return header.indexOf(name.toLowerCase(Locale.ROOT));
    }

    /** Index of a required column, or an error naming the file, the column and what is there. */
    public int requireColumn(String name) {
        int idx = column(name);
        if (idx < 0) {
            throw new InputException(file.toString(), "line 1", "missing_column",
                    "required column '" + name + "' not in header " + header);
        }
        return idx;
    }

    public int line(int row) {
        return lines.get(row);
    }
}
