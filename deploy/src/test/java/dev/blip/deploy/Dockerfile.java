package dev.blip.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile as its instructions: continuation lines joined, comments dropped. */
record Dockerfile(List<Instruction> instructions) {

    record Instruction(String keyword, String arguments) {
    }

    static Dockerfile parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                add(instructions, current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            add(instructions, current.toString().strip());
        }
        return new Dockerfile(List.copyOf(instructions));
    }

    private static void add(List<Instruction> out, String line) {
        if (line.isEmpty()) {
            return;
        }
        int space = line.indexOf(' ');
        String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        out.add(new Instruction(keyword, space < 0 ? "" : line.substring(space + 1).strip()));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The instructions of the last stage (from its FROM on): what the image is made of. */
    Dockerfile finalStage() {
        int lastFrom = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return new Dockerfile(instructions.subList(Math.max(lastFrom, 0), instructions.size()));
    }
}
