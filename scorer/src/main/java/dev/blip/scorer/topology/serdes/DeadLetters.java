package dev.blip.scorer.topology.serdes;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Builds dead-letter records: the input record's key, value, timestamp and headers, plus headers
 * saying why and where it came from, so it can be fixed and replayed.
 *
 * <p>The copy is bounded, so it always fits the producer's {@code max.request.size} (1 MiB by
 * default) even when the broker accepted a larger input record: a value longer than
 * {@link #MAX_VALUE_BYTES} keeps only its first {@code MAX_VALUE_BYTES} bytes and a key longer
 * than {@link #MAX_KEY_BYTES} its first {@code MAX_KEY_BYTES}, each with headers giving the
 * original size and the SHA-256 of the original bytes ({@link #VALUE_TRUNCATED},
 * {@link #VALUE_SIZE}, {@link #VALUE_SHA256} and the key's three); input headers are copied while
 * they total at most {@link #MAX_HEADER_BYTES}, the rest are left out and counted in
 * {@link #HEADERS_DROPPED}. A copy is thus at most about 330 KiB.
 */
public final class DeadLetters {

    public static final String REASON = "blip.dlq.reason";
    public static final String ERROR = "blip.dlq.error";
    public static final String TOPIC = "blip.dlq.source.topic";
    public static final String PARTITION = "blip.dlq.source.partition";
    public static final String OFFSET = "blip.dlq.source.offset";
    public static final String VALUE_TRUNCATED = "blip.dlq.value.truncated";
    public static final String VALUE_SIZE = "blip.dlq.value.size";
    public static final String VALUE_SHA256 = "blip.dlq.value.sha256";
    public static final String KEY_TRUNCATED = "blip.dlq.key.truncated";
    public static final String KEY_SIZE = "blip.dlq.key.size";
    public static final String KEY_SHA256 = "blip.dlq.key.sha256";
    public static final String HEADERS_DROPPED = "blip.dlq.headers.dropped";
    /** Longest value a dead letter carries: 256 KiB. */
    public static final int MAX_VALUE_BYTES = 256 * 1024;
    /** Longest key a dead letter carries: 4 KiB (a valid key has at most 1024 characters). */
    public static final int MAX_KEY_BYTES = 4 * 1024;
    /** Most bytes (names and values) of input headers a dead letter carries: 64 KiB. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_ERROR = 1000;

    private DeadLetters() {
    }

    public static Record<byte[], byte[]> of(Record<byte[], byte[]> input, Optional<RecordMetadata> source,
                                            String reason, String error) {
        Headers headers = new RecordHeaders();
        int headerBytes = 0;
        int dropped = 0;
        for (Header h : input.headers()) {
            int size = utf8(h.key()).length + (h.value() == null ? 0 : h.value().length);
            if (headerBytes + size > MAX_HEADER_BYTES) {
                dropped++;
            } else {
                headerBytes += size;
                headers.add(h);
            }
        }
        if (dropped > 0) {
            headers.add(HEADERS_DROPPED, utf8(Integer.toString(dropped)));
        }
        headers.add(REASON, utf8(reason));
        String message = error == null ? "" : error;
        headers.add(ERROR, utf8(message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) + "..." : message));
        source.ifPresent(m -> {
            headers.add(TOPIC, utf8(m.topic()));
            headers.add(PARTITION, utf8(Integer.toString(m.partition())));
            headers.add(OFFSET, utf8(Long.toString(m.offset())));
        });
        byte[] key = bounded(input.key(), MAX_KEY_BYTES, headers, KEY_TRUNCATED, KEY_SIZE, KEY_SHA256);
        byte[] value = bounded(input.value(), MAX_VALUE_BYTES, headers, VALUE_TRUNCATED, VALUE_SIZE, VALUE_SHA256);
        return new Record<>(key, value, Math.max(0, input.timestamp()), headers);
    }

    /** The bytes, or their first {@code max} with headers saying so, the original size and its SHA-256. */
    private static byte[] bounded(byte[] bytes, int max, Headers headers, String truncated, String size, String sha) {
        if (bytes == null || bytes.length <= max) {
            return bytes;
        }
        headers.add(truncated, utf8("true"));
        headers.add(size, utf8(Integer.toString(bytes.length)));
        headers.add(sha, utf8(sha256(bytes)));
        return Arrays.copyOf(bytes, max);
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
