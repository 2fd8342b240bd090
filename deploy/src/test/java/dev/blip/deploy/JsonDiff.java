package dev.blip.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Paths at which two JSON trees differ, for readable round-trip assertions. */
final class JsonDiff {

    /** Fields a model may add on the way out (typed defaults such as a template's kind). */
    private static final Set<String> ADDED_DEFAULTS = Set.of("apiVersion", "kind");

    private JsonDiff() {
    }

    static List<String> differences(JsonNode written, JsonNode readBack) {
        List<String> out = new ArrayList<>();
        diff("", written, readBack, out);
        return out;
    }

    private static void diff(String path, JsonNode written, JsonNode readBack, List<String> out) {
        if (written.isObject() && readBack.isObject()) {
            diffObjects(path, written, readBack, out);
        } else if (written.isArray() && readBack.isArray() && written.size() == readBack.size()) {
            for (int i = 0; i < written.size(); i++) {
                diff(path + "[" + i + "]", written.get(i), readBack.get(i), out);
            }
        } else if (written.isNumber() && readBack.isNumber()) {
            // int64 fields come back as LongNode from an IntNode: same number, different node type.
            if (written.decimalValue().compareTo(readBack.decimalValue()) != 0) {
                out.add(path + ": wrote " + written + ", read back " + readBack);
            }
        } else if (!written.equals(readBack)) {
            out.add(path + ": wrote " + written + ", read back " + readBack);
        }
    }

    private static void diffObjects(String path, JsonNode written, JsonNode readBack, List<String> out) {
        for (Iterator<String> it = written.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!readBack.has(field)) {
                out.add(path + "." + field + ": lost (wrote " + written.get(field) + ")");
            } else {
                diff(path + "." + field, written.get(field), readBack.get(field), out);
            }
        }
        for (Iterator<String> it = readBack.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!written.has(field) && !ADDED_DEFAULTS.contains(field)) {
                out.add(path + "." + field + ": appeared (" + readBack.get(field) + ")");
            }
        }
    }
}
