package dev.blip.trainer.dataset;

/**
 * Input data that cannot be used. The message always names the source (file or topic), where in
 * it (line, or partition and offset), the rule that was broken and the offending value, so a
 * user can fix the data without reading code. The CLI maps it to exit code 3.
 */
public class InputException extends RuntimeException {

    private final String source;
    private final String location;
    private final String rule;

    public InputException(String source, String location, String rule, String detail) {
        super(source + (location == null ? "" : ":" + location) + ": " + rule + ": " + detail);
        this.source = source;
        this.location = location;
        this.rule = rule;
    }

    public static InputException atLine(Object file, int line, String rule, String detail) {
        return new InputException(String.valueOf(file), "line " + line, rule, detail);
    }

    public String source() {
        return source;
    }

    /** {@code line N} or {@code partition P offset O}; null when the whole source is at fault. */
    public String location() {
        return location;
    }

    /** Short stable rule code, e.g. {@code invalid_timestamp}. */
    public String rule() {
        return rule;
    }
}
