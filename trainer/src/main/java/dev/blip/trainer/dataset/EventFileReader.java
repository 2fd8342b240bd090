package dev.blip.trainer.dataset;

import dev.blip.core.event.BadRecordException;
import dev.blip.core.event.Event;
import dev.blip.core.event.EventFormat;
import dev.blip.core.event.RecordParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Event files: CSV with header {@code timestamp,key[,category]}, or JSON Lines
 * ({@code .jsonl}/{@code .ndjson}/{@code .json}) with fields {@code timestamp}, {@code key},
 * optional {@code category}, parsed by the core {@link RecordParser} (the scorer's parser).
 */
public final class EventFileReader {

    private final boolean categories;

    /** @param categories read the optional {@code category} column/field */
    public EventFileReader(boolean categories) {
        this.categories = categories;
    }

    public static boolean isJsonLines(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
    }

    public void read(Path file, Consumer<Event> sink) {
        if (isJsonLines(file)) {
            readJsonLines(file, sink);
        } else {
            readCsv(file, sink);
        }
    }

    public List<Event> readAll(Path file) {
        List<Event> out = new ArrayList<>();
        read(file, out::add);
        return out;
    }

    private void readCsv(Path file, Consumer<Event> sink) {
        CsvTable csv = CsvTable.read(file);
        int ts = csv.requireColumn("timestamp");
        int key = csv.requireColumn("key");
        int cat = categories ? csv.column("category") : -1;
        for (int i = 0; i < csv.rows().size(); i++) {
            String[] row = csv.rows().get(i);
            int line = csv.line(i);
            long t;
            try {
                t = Timestamps.parse(row[ts]);
            } catch (IllegalArgumentException e) {
                throw InputException.atLine(file, line, "invalid_timestamp", "column 'timestamp': " + e.getMessage());
            }
            if (t < EventFormat.MIN_TIMESTAMP || t >= EventFormat.MAX_TIMESTAMP) {
                throw InputException.atLine(file, line, "timestamp_out_of_range", "column 'timestamp': "
                        + row[ts] + " is outside [2000-01-01, 2100-01-01)");
            }
            if (row[key].isEmpty() || row[key].length() > EventFormat.MAX_KEY_LENGTH) {
                throw InputException.atLine(file, line, "invalid_key", "column 'key' must have 1 to "
                        + EventFormat.MAX_KEY_LENGTH + " characters, got '" + row[key] + "'");
            }
            String c = cat >= 0 && !row[cat].isEmpty() ? row[cat] : null;
            sink.accept(new Event(row[key], t, c));
        }
    }

    private void readJsonLines(Path file, Consumer<Event> sink) {
        RecordParser parser = new RecordParser(new EventFormat("key", "timestamp", categories ? "category" : null, null), 1);
        int line = 0;
        int events = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    sink.accept(parser.parseLine(text).event());
                    events++;
                } catch (BadRecordException e) {
                    throw InputException.atLine(file, line, e.reason(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (events == 0) {
            throw new InputException(file.toString(), null, "empty_file", "the file holds no events");
        }
    }
}
