package dev.blip.scorer.topology.serdes;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Builds dead-letter records: the input record's key, value, timestamp and headers unchanged,
 * plus headers saying why and where it came from, so it can be fixed and replayed.
 */
public final class DeadLetters {

    public static final String REASON = "blip.dlq.reason";
    public static final String ERROR = "blip.dlq.error";
    public static final String TOPIC = "blip.dlq.source.topic";
    public static final String PARTITION = "blip.dlq.source.partition";
    public static final String OFFSET = "blip.dlq.source.offset";
    private static final int MAX_ERROR = 1000;

    private DeadLetters() {
    }

    public static Record<byte[], byte[]> of(Record<byte[], byte[]> input, Optional<RecordMetadata> source,
                                            String reason, String error) {
        Headers headers = new RecordHeaders(input.headers().toArray());
        headers.add(REASON, utf8(reason));
        String message = error == null ? "" : error;
        headers.add(ERROR, utf8(message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) + "..." : message));
        source.ifPresent(m -> {
            headers.add(TOPIC, utf8(m.topic()));
            headers.add(PARTITION, utf8(Integer.toString(m.partition())));
            headers.add(OFFSET, utf8(Long.toString(m.offset())));
        });
        return new Record<>(input.key(), input.value(), Math.max(0, input.timestamp()), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
