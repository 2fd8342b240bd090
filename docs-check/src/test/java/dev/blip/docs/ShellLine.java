package dev.blip.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the POSIX shell to read documentation: one logical line (continuations already
 * joined) is split into simple commands at unquoted {@code &&}, {@code ||}, {@code ;} and {@code |},
 * and each command into words with quotes removed. A {@code #} at the start of a word starts a
 * comment, which is kept. Command substitutions {@code $(...)} stay inside their word. A {@code |}
 * inside a word ({@code FILE|DIR}) or inside a synopsis group ({@code (--a X | --b Y)}) is not a pipe.
 */
record ShellLine(List<List<Word>> commands, String comment) {

    /** A word as written ({@code raw}, with quotes) and as the shell passes it on ({@code value}). */
    record Word(String raw, String value) {
        boolean quoted() {
            return raw.indexOf('"') >= 0 || raw.indexOf('\'') >= 0;
        }
    }

    static ShellLine parse(String line) {
        List<List<Word>> commands = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean inWord = false;
        int groupDepth = 0;
        String comment = null;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    current.add(new Word(raw.toString(), value.toString()));
                    raw.setLength(0);
                    value.setLength(0);
                    inWord = false;
                }
                i++;
                continue;
            }
            if (!inWord && c == '#') {
                comment = line.substring(i + 1).trim();
                break;
            }
            if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                if (end < 0) {
                    end = n - 1;
                }
                raw.append(line, i, end + 1);
                value.append(line, i + 1, Math.max(i + 1, end));
                inWord = true;
                i = end + 1;
                continue;
            }
            if (c == '$' && i + 1 < n && line.charAt(i + 1) == '(') {
                int end = matching(line, i + 1);
                raw.append(line, i, end + 1);
                value.append(line, i, end + 1);
                inWord = true;
                i = end + 1;
                continue;
            }
            if (c == '\\' && i + 1 < n) {
                raw.append(line, i, i + 2);
                value.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
                continue;
            }
            boolean separator = false;
            int width = 1;
            if ((c == '&' || c == '|') && i + 1 < n && line.charAt(i + 1) == c) {
                separator = true;
                width = 2;
            } else if (c == ';') {
                separator = true;
            } else if (c == '|' && !inWord && groupDepth == 0) {
                separator = true;
            }
            if (separator) {
                if (inWord) {
                    current.add(new Word(raw.toString(), value.toString()));
                    raw.setLength(0);
                    value.setLength(0);
                    inWord = false;
                }
                if (!current.isEmpty()) {
                    commands.add(current);
                }
                current = new ArrayList<>();
                i += width;
                continue;
            }
            if (c == '(' || c == '[') {
                groupDepth++;
            } else if ((c == ')' || c == ']') && groupDepth > 0) {
                groupDepth--;
            }
            raw.append(c);
            value.append(c);
            inWord = true;
            i++;
        }
        if (inWord) {
            current.add(new Word(raw.toString(), value.toString()));
        }
        if (!current.isEmpty()) {
            commands.add(current);
        }
        return new ShellLine(commands, comment);
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '(') {
                depth++;
            } else if (s.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return s.length() - 1;
    }
}
