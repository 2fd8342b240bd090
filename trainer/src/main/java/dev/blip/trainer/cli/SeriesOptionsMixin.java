package dev.blip.trainer.cli;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.MissingPolicy;
import dev.blip.trainer.dataset.SeriesLoader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** How series files are read and put on the bucket grid. */
final class SeriesOptionsMixin {

    @Option(names = "--bucket", description = "Bucket interval, e.g. 5m; default: the median spacing of each file.")
    String bucket;

    @Option(names = "--missing", defaultValue = "zero",
            description = "Filling of empty buckets: zero (counts), previous or linear (gauges) (default: ${DEFAULT-VALUE}).")
    MissingPolicy missing;

    @Option(names = "--value-columns", split = ",",
            description = "Value columns to use (default: every column except timestamp and label columns).")
    List<String> valueColumns;

    BucketInterval interval() {
        return bucket == null ? null : BucketInterval.parse(bucket);
    }

    SeriesLoader loader(BucketInterval override) {
        return new SeriesLoader(override != null ? override : interval(), missing, valueColumns);
    }

    /** The CSV files under a path (itself if it is a file), sorted, as paths relative to {@code root}. */
    static List<Path> csvFiles(Path root) {
        if (Files.isRegularFile(root)) {
            return List.of(root.getFileName());
        }
        if (!Files.isDirectory(root)) {
            throw new UncheckedIOException(new IOException("no such file or directory: " + root));
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .map(root::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    static Path resolve(Path root, Path relative) {
        return Files.isRegularFile(root) ? root : root.resolve(relative);
    }
}
