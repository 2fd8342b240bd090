package dev.blip.alerts.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every violation found while reading the configuration, reported together. */
public final class ConfigException extends RuntimeException {

    private final List<ConfigViolation> violations;

    public ConfigException(List<ConfigViolation> violations) {
        super("invalid alerts configuration:\n" + violations.stream().map(v -> "  - " + v).collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    public List<ConfigViolation> violations() {
        return violations;
    }
}
