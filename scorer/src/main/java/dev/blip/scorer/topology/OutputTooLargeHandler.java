package dev.blip.scorer.topology;

import dev.blip.scorer.metrics.ScorerMetrics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * Kafka Streams' {@code production.exception.handler}: an output or dead-letter record that the
 * producer or broker refuses as too large ({@link RecordTooLargeException}) is skipped, counted in
 * {@code blip.outputs.dropped} and logged at a limited rate, instead of stopping the scorer on
 * a record it would meet again after every restart. Every other send error FAILs, as with Kafka
 * Streams' default handler, so nothing else is silently dropped.
 *
 * <p>Dead letters are bounded ({@link dev.blip.scorer.topology.serdes.DeadLetters}) and output
 * records are small, so with the default client and topic limits this handler is a last resort.
 * Under exactly-once a refused send also aborts the producer's transaction, whatever the handler
 * answers: the task then fails at its commit and the record is reprocessed, so only
 * {@code at_least_once} actually skips the record.
 *
 * <p>Kafka Streams builds the handler itself; {@link #METRICS_CONFIG} in the streams properties
 * hands it the scorer's meters (without it the handler only logs).
 */
public final class OutputTooLargeHandler implements ProductionExceptionHandler {

    /** Streams property holding the {@link ScorerMetrics} instance. */
    public static final String METRICS_CONFIG = "blip.scorer.metrics";
    private static final Logger LOG = LoggerFactory.getLogger(OutputTooLargeHandler.class);

    private final RateLimitedLog log = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private ScorerMetrics metrics;
    private String consequence = "skipped";

    @Override
    public void configure(Map<String, ?> configs) {
        Object m = configs.get(METRICS_CONFIG);
        metrics = m instanceof ScorerMetrics scorerMetrics ? scorerMetrics : null;
        Object guarantee = configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (guarantee != null && guarantee.toString().startsWith("exactly_once")) {
            consequence = "skipped, but under exactly-once the producer aborts its transaction and the task fails";
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return Response.fail();
        }
        if (metrics != null) {
            metrics.outputDropped();
        }
        synchronized (log) {
            log.warn("a record to topic '{}' that Kafka refused as too large is {} (key {} bytes, value {} bytes; input {}-{}@{}): {}",
                    record.topic(), consequence, record.key() == null ? 0 : record.key().length, record.value() == null ? 0 : record.value().length,
                    context == null ? "?" : String.valueOf(context.topic()), context == null ? -1 : context.partition(),
                    context == null ? -1 : context.offset(), String.valueOf(exception.getMessage()));
        }
        return Response.resume();
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return Response.fail();
    }
}
