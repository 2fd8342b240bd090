package dev.blip.core.bucket;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed bucket width aligned to the Unix epoch: bucket {@code k} covers
 * {@code [k*width, (k+1)*width)} milliseconds. Alignment to the epoch (not to the first event)
 * is what lets the trainer and every scorer instance agree on bucket boundaries without talking.
 */
public record BucketInterval(long millis) {

    private static final Pattern TEXT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    public BucketInterval {
        if (millis <= 0) {
            throw new IllegalArgumentException("bucket interval must be positive, got " + millis + " ms");
        }
    }

    public static BucketInterval of(Duration duration) {
        return new BucketInterval(duration.toMillis());
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}. */
    public static BucketInterval parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "bucket interval must look like 30s, 1m, 5m, 1h or 1d, got '" + text + "'");
        }
        long unit = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        try {
            return new BucketInterval(Math.multiplyExact(Long.parseLong(m.group(1)), unit));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("bucket interval is too large, got '" + text + "'", e);
        }
    }

    /**
     * The interval of a series sampled at the given timestamps: the median spacing between
     * consecutive distinct timestamps (robust to a few gaps and duplicates).
     */
    public static BucketInterval inferFrom(long[] timestampsMillis) {
        long[] sorted = timestampsMillis.clone();
        Arrays.sort(sorted);
        long[] gaps = new long[Math.max(0, sorted.length - 1)];
        int n = 0;
        for (int i = 1; i < sorted.length; i++) {
            long gap = sorted[i] - sorted[i - 1];
            if (gap > 0) {
                gaps[n++] = gap;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("cannot infer a bucket interval from fewer than two distinct timestamps");
        }
        Arrays.sort(gaps, 0, n);
        return new BucketInterval(gaps[n / 2]);
    }

    /** Start of the bucket holding {@code timestampMillis}. */
    public long bucketStart(long timestampMillis) {
        return Math.floorDiv(timestampMillis, millis) * millis;
    }

    public Duration duration() {
        return Duration.ofMillis(millis);
    }

    @Override
    public String toString() {
        if (millis % 86_400_000L == 0) {
            return millis / 86_400_000L + "d";
        }
        if (millis % 3_600_000L == 0) {
            return millis / 3_600_000L + "h";
        }
        if (millis % 60_000L == 0) {
            return millis / 60_000L + "m";
        }
        if (millis % 1_000L == 0) {
            return millis / 1_000L + "s";
        }
        return millis + "ms";
    }
}
