package dev.blip.trainer.dataset;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.event.Event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes generated data in the trainer's input formats. */
public final class Fixtures {

    private Fixtures() {
    }

    /** {@code timestamp,value} with ISO-8601 instants, one row per bucket. */
    public static Path seriesCsv(Path file, CountSeries s) {
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,value");
        for (int t = 0; t < s.length(); t++) {
            lines.add(Instant.ofEpochMilli(s.bucketStart(t)) + "," + (long) s.values()[t][0]);
        }
        return write(file, lines);
    }

    /** JSON Lines events: {"timestamp": ms, "key": "..."}. */
    public static Path eventsJsonl(Path file, List<Event> events) {
        List<String> lines = new ArrayList<>();
        for (Event e : events) {
            lines.add("{\"timestamp\":" + e.timestampMillis() + ",\"key\":\"" + e.key() + "\"}");
        }
        return write(file, lines);
    }

    public static Path write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
