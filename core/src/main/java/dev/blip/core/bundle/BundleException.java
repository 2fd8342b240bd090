package dev.blip.core.bundle;

/** A model bundle was refused; the message names the file, the field and the reason. */
public class BundleException extends RuntimeException {

    private final String field;

    public BundleException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public BundleException(String field, String message, Throwable cause) {
        super(field + ": " + message, cause);
        this.field = field;
    }

    /** The manifest field or archive entry at fault ({@code file} for the archive itself). */
    public String field() {
        return field;
    }
}
