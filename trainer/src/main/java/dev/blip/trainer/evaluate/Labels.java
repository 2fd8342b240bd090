package dev.blip.trainer.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blip.trainer.dataset.InputException;
import dev.blip.trainer.dataset.Timestamps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labelled anomaly windows per file: NAB's {@code labels.json} (file path relative to the data
 * root mapped to a list of {@code [start, end]} timestamps, both inclusive), or windows made of
 * the runs of a 0/1 label column.
 */
public final class Labels {

    /** An inclusive time range. */
    public record Window(long start, long end) {
        public boolean contains(long t) {
            return t >= start && t <= end;
        }
    }

    private final Map<String, List<Window>> byFile;

    public Labels(Map<String, List<Window>> byFile) {
        this.byFile = new TreeMap<>(byFile);
    }

    public boolean has(String file) {
        return byFile.containsKey(normalise(file));
    }

    public List<Window> windows(String file) {
        return byFile.getOrDefault(normalise(file), List.of());
    }

    public java.util.Set<String> files() {
        return byFile.keySet();
    }

    private static String normalise(String file) {
        return file.replace('\\', '/');
    }

    public static Labels readNab(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file.toString(), null, "invalid_labels", "not readable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file.toString(), null, "invalid_labels", "must be an object of file -> windows");
        }
        Map<String, List<Window>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<Window> windows = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                if (!w.isArray() || w.size() != 2) {
                    throw new InputException(file.toString(), "\"" + e.getKey() + "\"", "invalid_labels",
                            "every window must be [start, end], got " + w);
                }
                try {
                    windows.add(new Window(Timestamps.parse(w.get(0).asText()), Timestamps.parse(w.get(1).asText())));
                } catch (IllegalArgumentException ex) {
                    throw new InputException(file.toString(), "\"" + e.getKey() + "\"", "invalid_labels", ex.getMessage());
                }
            }
            out.put(normalise(e.getKey()), windows);
        }
        return new Labels(out);
    }

    /** Windows from the runs of 1s in a label column, row-aligned with {@code timestamps}. */
    public static List<Window> fromFlags(long[] timestamps, boolean[] label) {
        List<Window> out = new ArrayList<>();
        int i = 0;
        while (i < label.length) {
            if (!label[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < label.length && label[j + 1]) {
                j++;
            }
            out.add(new Window(timestamps[i], timestamps[j]));
            i = j + 1;
        }
        return out;
    }
}
