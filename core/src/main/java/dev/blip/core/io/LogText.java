package dev.blip.core.io;

/**
 * Makes untrusted text (record keys, zip entry names, configuration values) safe to put in a log
 * line: control characters (newline, carriage return, escape, ...) and other non-printing
 * characters become {@code \n}, {@code \r}, {@code \t} or {@code \\uXXXX}, backslashes are
 * doubled, and long text is cut, so one input can never forge a separate log line or flood the log.
 */
public final class LogText {

    /** Longest escaped text kept in full; longer text ends in "...(N chars)". */
    public static final int MAX_CHARS = 200;

    private LogText() {
    }

    public static String escape(String text) {
        return escape(text, MAX_CHARS);
    }

    public static String escape(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 16);
        int i = 0;
        for (; i < text.length() && out.length() < maxChars; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (i < text.length()) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
