package dev.blip.scorer.topology;

import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.topology.serdes.DeadLetters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A dead letter always fits the producer's default request size; what still does not fit is skipped, nothing else. */
class DeadLetterBoundsTest {

    static final int PRODUCER_DEFAULT_MAX_REQUEST = 1024 * 1024;

    @Test
    void aHugeRecordIsCutToTheDocumentedMaximumWithItsSizeAndHash() {
        byte[] value = new byte[1024 * 1024];
        Arrays.fill(value, (byte) 'v');
        byte[] key = new byte[1_000_000];
        Arrays.fill(key, (byte) 'k');
        RecordHeaders in = new RecordHeaders();
        in.add("small", "s".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            in.add("big-" + i, new byte[40 * 1024]);
        }
        Record<byte[], byte[]> dead = DeadLetters.of(new Record<>(key, value, 5L, in), Optional.empty(), "too_large", "x");

        assertThat(dead.value()).hasSize(DeadLetters.MAX_VALUE_BYTES);
        assertThat(dead.value()).isEqualTo(Arrays.copyOf(value, DeadLetters.MAX_VALUE_BYTES));
        assertThat(text(dead, DeadLetters.VALUE_TRUNCATED)).isEqualTo("true");
        assertThat(text(dead, DeadLetters.VALUE_SIZE)).isEqualTo(Integer.toString(value.length));
        assertThat(text(dead, DeadLetters.VALUE_SHA256)).hasSize(64).isEqualTo(DeadLetters.sha256(value));
        assertThat(dead.key()).hasSize(DeadLetters.MAX_KEY_BYTES);
        assertThat(text(dead, DeadLetters.KEY_SIZE)).isEqualTo("1000000");
        assertThat(text(dead, DeadLetters.KEY_SHA256)).isEqualTo(DeadLetters.sha256(key));
        assertThat(text(dead, "small")).isEqualTo("s");
        assertThat(dead.headers().lastHeader("big-0")).isNotNull();
        assertThat(dead.headers().lastHeader("big-1")).as("past the header budget").isNull();
        assertThat(dead.headers().lastHeader("big-2")).as("past the header budget").isNull();
        assertThat(text(dead, DeadLetters.HEADERS_DROPPED)).isEqualTo("2");
        long size = dead.key().length + dead.value().length;
        for (Header h : dead.headers()) {
            size += h.key().length() + h.value().length + 10;
        }
        assertThat(size).as("bytes the producer checks against max.request.size (less the batch overhead)")
                .isLessThan(PRODUCER_DEFAULT_MAX_REQUEST / 2);
    }

    @Test
    void aRecordWithinTheLimitsIsCopiedUnchangedWithoutTruncationHeaders() {
        byte[] value = new byte[DeadLetters.MAX_VALUE_BYTES];
        Record<byte[], byte[]> dead = DeadLetters.of(new Record<>(null, value, 5L), Optional.empty(), "too_large", "x");
        assertThat(dead.value()).isSameAs(value);
        assertThat(dead.key()).isNull();
        for (String h : new String[] {DeadLetters.VALUE_TRUNCATED, DeadLetters.VALUE_SIZE, DeadLetters.VALUE_SHA256,
                DeadLetters.KEY_TRUNCATED, DeadLetters.HEADERS_DROPPED}) {
            assertThat(dead.headers().lastHeader(h)).as(h).isNull();
        }
    }

    @Test
    void theProductionHandlerSkipsOnlyRecordsTooLargeAndCountsThem() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScorerMetrics metrics = ScorerMetrics.bind(registry);
        OutputTooLargeHandler handler = new OutputTooLargeHandler();
        handler.configure(Map.of(OutputTooLargeHandler.METRICS_CONFIG, metrics));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("blip-dlq", new byte[1], new byte[2]);

        for (int i = 0; i < 3; i++) {
            assertThat(handler.handleError(null, record, new RecordTooLargeException("too big")).result())
                    .isEqualTo(ProductionExceptionHandler.Result.RESUME);
        }
        assertThat(registry.get("blip.outputs.dropped").counter().count()).isEqualTo(3.0);
        assertThat(handler.handleError(null, record, new TimeoutException("slow")).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(handler.handleError(null, record, new IllegalStateException("?")).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(handler.handleSerializationError(null, record, new RecordTooLargeException("x"),
                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(registry.get("blip.outputs.dropped").counter().count()).isEqualTo(3.0);

        OutputTooLargeHandler unmetered = new OutputTooLargeHandler();
        unmetered.configure(Map.of());
        assertThat(unmetered.handleError(null, record, new RecordTooLargeException("too big")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RESUME);
    }

    static String text(Record<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
