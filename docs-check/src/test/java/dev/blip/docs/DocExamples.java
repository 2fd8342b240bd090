package dev.blip.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of one Markdown file: every command in a shell code block (continuation lines
 * joined, split at {@code &&}, {@code ||}, {@code ;} and pipes), every inline code span read as a
 * command line ({@code `java -jar ...`}, {@code `./mvnw ...`}, but also {@code `--short`}: the checker
 * decides what is a command), and the comments of the code blocks.
 * {@code NAME=value} prefixes become the command's environment; assignments and {@code export}s
 * earlier in the same block are expanded in later words ({@code $CP}, {@code ${CP}}).
 */
final class DocExamples {

    /** One simple command as documented. {@code words} are after the environment prefix, variables expanded. */
    record DocCommand(String where, String text, Map<String, String> env, List<ShellLine.Word> words, int block,
                      boolean inline) {
        String program() {
            return words.isEmpty() ? "" : words.get(0).value();
        }
    }

    /** A {@code #} comment inside a shell code block. */
    record BlockComment(String where, String text, int block) {
    }

    record Extracted(List<DocCommand> commands, List<BlockComment> comments) {
    }

    private static final Set<String> SHELL_LANGUAGES = Set.of("", "bash", "sh", "shell", "console", "zsh");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+)\\s*([\\w+-]*)\\s*$");
    private static final Pattern INLINE = Pattern.compile("(?<!`)`([^`]+)`(?!`)");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    private DocExamples() {
    }

    static Extracted extract(String file, String markdown) {
        List<DocCommand> commands = new ArrayList<>();
        List<BlockComment> comments = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        int block = 0;
        StringBuilder paragraph = new StringBuilder();
        int paragraphStart = -1;
        int i = 0;
        while (i < lines.length) {
            Matcher fence = FENCE.matcher(lines[i]);
            if (fence.matches()) {
                inlineCommands(file, paragraph, paragraphStart, commands);
                paragraph.setLength(0);
                paragraphStart = -1;
                String marker = fence.group(1);
                boolean shell = SHELL_LANGUAGES.contains(fence.group(2).toLowerCase(java.util.Locale.ROOT));
                block++;
                Map<String, String> vars = new LinkedHashMap<>();
                int j = i + 1;
                while (j < lines.length && !lines[j].trim().startsWith(marker)) {
                    int start = j;
                    StringBuilder logical = new StringBuilder();
                    String l = lines[j];
                    while (l.endsWith("\\") && j + 1 < lines.length && !lines[j + 1].trim().startsWith(marker)) {
                        logical.append(l, 0, l.length() - 1).append(' ');
                        l = lines[++j];
                    }
                    logical.append(l);
                    j++;
                    if (shell) {
                        String text = logical.toString().strip();
                        if (text.startsWith("$ ")) {
                            text = text.substring(2);
                        }
                        shellLine(file + ":" + (start + 1), text, vars, block, false, commands, comments);
                    }
                }
                i = j + 1;
                continue;
            }
            if (lines[i].isBlank()) {
                inlineCommands(file, paragraph, paragraphStart, commands);
                paragraph.setLength(0);
                paragraphStart = -1;
            } else {
                if (paragraphStart < 0) {
                    paragraphStart = i;
                }
                paragraph.append(lines[i]).append('\n');
            }
            i++;
        }
        inlineCommands(file, paragraph, paragraphStart, commands);
        return new Extracted(commands, comments);
    }

    private static void inlineCommands(String file, CharSequence paragraph, int firstLine, List<DocCommand> out) {
        if (firstLine < 0) {
            return;
        }
        Matcher m = INLINE.matcher(paragraph);
        while (m.find()) {
            String span = m.group(1).replace('\n', ' ').strip();
            if (!span.isEmpty()) {
                int line = firstLine + 1 + (int) paragraph.subSequence(0, m.start()).chars().filter(c -> c == '\n').count();
                shellLine(file + ":" + line, span, new LinkedHashMap<>(), -line, true, out, new ArrayList<>());
            }
        }
    }

    private static void shellLine(String where, String text, Map<String, String> vars, int block, boolean inline,
                                  List<DocCommand> commands, List<BlockComment> comments) {
        ShellLine parsed = ShellLine.parse(text);
        if (parsed.comment() != null && !parsed.comment().isEmpty()) {
            comments.add(new BlockComment(where, parsed.comment(), block));
        }
        for (List<ShellLine.Word> words : parsed.commands()) {
            Map<String, String> env = new LinkedHashMap<>();
            int k = 0;
            boolean export = !words.isEmpty() && words.get(0).value().equals("export");
            if (export) {
                k = 1;
            }
            while (k < words.size()) {
                Matcher a = ASSIGNMENT.matcher(words.get(k).value());
                if (!a.matches() || words.get(k).raw().startsWith("\"") || words.get(k).raw().startsWith("'")) {
                    break;
                }
                env.put(a.group(1), expand(a.group(2), vars));
                k++;
            }
            if (k == words.size()) {
                vars.putAll(env);   // NAME=value or export NAME=value: visible to the rest of the block
                if (!env.isEmpty()) {
                    commands.add(new DocCommand(where, text, Map.copyOf(env), List.of(), block, inline));
                }
                continue;
            }
            List<ShellLine.Word> rest = new ArrayList<>();
            for (ShellLine.Word w : words.subList(k, words.size())) {
                rest.add(new ShellLine.Word(w.raw(), expand(w.value(), vars)));
            }
            Map<String, String> effective = new LinkedHashMap<>(vars);
            effective.putAll(env);
            commands.add(new DocCommand(where, text, effective, List.copyOf(rest), block, inline));
        }
    }

    private static String expand(String value, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String replacement = vars.getOrDefault(name, m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
