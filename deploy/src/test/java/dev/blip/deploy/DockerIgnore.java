package dev.blip.deploy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The exclusions of a {@code .dockerignore} (no negations are used in ours, so none are
 * supported): a path is excluded when a pattern matches it or one of its parent directories.
 */
final class DockerIgnore {

    private final List<PathMatcher> matchers = new ArrayList<>();

    DockerIgnore(String text) {
        for (String raw : text.lines().toList()) {
            String pattern = raw.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            if (pattern.startsWith("!")) {
                throw new IllegalArgumentException("negated .dockerignore patterns are not supported: " + pattern);
            }
            pattern = pattern.replaceAll("/+$", "").replaceAll("^/", "");
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
            if (pattern.startsWith("**/")) {
                // Docker's **/ also matches zero directories; Java's glob needs one.
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
            }
        }
    }

    boolean excludes(String relativePath) {
        for (Path p = Path.of(relativePath); p != null; p = p.getParent()) {
            Path candidate = p;
            if (matchers.stream().anyMatch(m -> m.matches(candidate))) {
                return true;
            }
        }
        return false;
    }
}
