package dev.blip.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool found on the PATH and captures its exit code and output. */
final class ExternalTool {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    /** The tool, or a skipped test that says which package provides it. */
    static ExternalTool require(String name, String howToInstall) {
        Optional<Path> found = find(name);
        assumeTrue(found.isPresent(),
                () -> name + " not on PATH; skipping this check. Install it with: " + howToInstall);
        return new ExternalTool(found.get());
    }

    static Optional<Path> find(String name) {
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVar.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        try {
            // Output goes to a file, so a tool that hangs cannot block us on a full pipe.
            Path log = Files.createTempFile("blip-tool-", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " timed out");
                }
                return new Result(String.join(" ", command), process.exitValue(),
                        Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** What a run printed (stdout and stderr together) and how it exited. */
    record Result(String command, int exitCode, String output) {
        @Override
        public String toString() {
            return command + " exited " + exitCode + ":\n" + output;
        }
    }
}
