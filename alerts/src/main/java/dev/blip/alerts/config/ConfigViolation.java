package dev.blip.alerts.config;

/**
 * One broken configuration rule.
 *
 * @param key   the environment variable as the user wrote it
 * @param rule  what the value must satisfy
 * @param value what it was (pass-through Kafka values are not echoed: they may be secrets)
 */
public record ConfigViolation(String key, String rule, String value) {

    @Override
    public String toString() {
        return key + ": " + rule + " (got " + (value == null ? "nothing" : "'" + escape(value) + "'") + ")";
    }

    /** Control characters escaped, so a value cannot forge log lines. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && i < 256; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 256 ? b + "..." : b.toString();
    }
}
