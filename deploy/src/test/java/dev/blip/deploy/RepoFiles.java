package dev.blip.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Locates the repository root and reads files and the contract lists in test resources. */
final class RepoFiles {

    private RepoFiles() {
    }

    /** The repository root: set by Surefire ({@code blip.repo.root}), else found from the cwd. */
    static Path root() {
        String configured = System.getProperty("blip.repo.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return Objects.requireNonNull(dir, "repository root (a directory holding mvnw) not found");
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Non-blank, non-comment lines of a test resource list (one entry per line). */
    static List<String> resourceList(String name) {
        try (var in = RepoFiles.class.getResourceAsStream("/" + name)) {
            Objects.requireNonNull(in, "test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
