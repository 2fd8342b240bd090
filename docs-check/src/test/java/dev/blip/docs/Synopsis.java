package dev.blip.docs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Usage synopses in the docs: {@code (A | B)} is a choice, {@code [X]} optional, {@code FILE|DIR}
 * a choice of placeholders. {@link #variants} gives every choice, once with all optional options and
 * once with none; an optional part that is prose ({@code [series and training options]}) is left out.
 * A plain command line is its own single variant.
 */
final class Synopsis {

    private sealed interface Node permits Text, Optional, Choice {
    }

    private record Text(String value) implements Node {
    }

    private record Optional(List<Node> content) implements Node {
    }

    private record Choice(List<List<Node>> alternatives) implements Node {
    }

    private static final String OPEN_CHOICE = "(";
    private static final String OPEN_OPTIONAL = "[";
    private static final String CLOSE = ")";
    private static final String BAR = "|";

    private Synopsis() {
    }

    static boolean isSynopsis(List<ShellLine.Word> words) {
        return words.stream().filter(w -> !w.quoted() && !w.raw().contains("$(")).map(ShellLine.Word::raw)
                .anyMatch(r -> r.startsWith("[") || r.startsWith("(") || r.endsWith("]") || r.endsWith(")")
                        || r.contains("|"));
    }

    static List<List<String>> variants(List<ShellLine.Word> words) {
        if (!isSynopsis(words)) {
            return List.of(words.stream().map(ShellLine.Word::value).toList());
        }
        List<String> tokens = new ArrayList<>();
        for (ShellLine.Word w : words) {
            if (w.quoted() || w.raw().contains("$(")) {
                tokens.add("=" + w.value());
                continue;
            }
            String r = w.raw();
            if (r.equals(BAR)) {
                tokens.add(BAR);
                continue;
            }
            int s = 0;
            while (s < r.length() && (r.charAt(s) == '(' || r.charAt(s) == '[')) {
                tokens.add(r.charAt(s) == '(' ? OPEN_CHOICE : OPEN_OPTIONAL);
                s++;
            }
            int e = r.length();
            int closes = 0;
            while (e > s && (r.charAt(e - 1) == ')' || r.charAt(e - 1) == ']')) {
                e--;
                closes++;
            }
            String core = r.substring(s, e);
            if (!core.isEmpty()) {
                tokens.add("=" + core.split("\\|")[0]);   // FILE|DIR: the first placeholder
            }
            for (int k = 0; k < closes; k++) {
                tokens.add(CLOSE);
            }
        }
        int[] pos = {0};
        List<List<Node>> top = alternatives(tokens, pos);
        Set<List<String>> out = new LinkedHashSet<>();
        for (boolean withOptional : new boolean[] {false, true}) {
            out.addAll(expand(List.of(new Choice(top)), withOptional));
        }
        return List.copyOf(out);
    }

    /** Sequences separated by bars, up to the matching close (or the end). */
    private static List<List<Node>> alternatives(List<String> tokens, int[] pos) {
        List<List<Node>> alternatives = new ArrayList<>();
        List<Node> current = new ArrayList<>();
        while (pos[0] < tokens.size()) {
            String t = tokens.get(pos[0]++);
            switch (t) {
                case CLOSE -> {
                    alternatives.add(current);
                    return alternatives;
                }
                case BAR -> {
                    alternatives.add(current);
                    current = new ArrayList<>();
                }
                case OPEN_CHOICE -> current.add(new Choice(alternatives(tokens, pos)));
                case OPEN_OPTIONAL -> current.add(new Optional(List.of(new Choice(alternatives(tokens, pos)))));
                default -> current.add(new Text(t.substring(1)));
            }
        }
        alternatives.add(current);
        return alternatives;
    }

    private static List<List<String>> expand(List<Node> sequence, boolean withOptional) {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of());
        for (Node n : sequence) {
            List<List<String>> parts;
            if (n instanceof Text t) {
                parts = List.of(List.of(t.value()));
            } else if (n instanceof Optional o) {
                parts = withOptional && startsWithOption(o.content()) ? expand(o.content(), true) : List.of(List.of());
            } else {
                parts = new ArrayList<>();
                for (List<Node> a : ((Choice) n).alternatives()) {
                    parts.addAll(expand(a, withOptional));
                }
            }
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : out) {
                for (List<String> part : parts) {
                    List<String> joined = new ArrayList<>(prefix);
                    joined.addAll(part);
                    next.add(joined);
                }
            }
            out = next;
        }
        return out;
    }

    private static boolean startsWithOption(List<Node> content) {
        if (content.isEmpty()) {
            return false;
        }
        Node first = content.get(0);
        if (first instanceof Text t) {
            return t.value().startsWith("-");
        }
        if (first instanceof Optional o) {
            return startsWithOption(o.content());
        }
        return ((Choice) first).alternatives().stream().allMatch(a -> !a.isEmpty() && startsWithOption(a));
    }
}
