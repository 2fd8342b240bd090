package dev.blip.scorer.topology;

import dev.blip.core.event.BadRecordException;
import dev.blip.core.event.EventFormat;
import dev.blip.core.event.RecordParser;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.TimestampExtractor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Never fails on a record and never lets a record timestamp outside the accepted range drive
 * Kafka Streams' stream time (which schedules the STREAM_TIME punctuations: a timestamp of
 * {@code Long.MAX_VALUE} made that schedule loop forever). The range is
 * [{@link EventFormat#MIN_TIMESTAMP 2000-01-01T00:00Z}, {@link EventFormat#MAX_TIMESTAMP 2100-01-01T00:00Z})
 * and at most {@link BucketProcessor#MAX_FUTURE_MILLIS one day} ahead of the clock. For a record
 * outside it the extractor returns the partition time (0 before the partition's first record)
 * and adds the header {@link #ORIGINAL_TIMESTAMP} with the record's own timestamp (decimal text),
 * from which the processor dead-letters the record. Any such header the record arrived with is
 * removed first, so a replayed dead letter is judged afresh. Kafka Streams' default extractor
 * would instead stop the application on a negative timestamp.
 */
public final class LenientTimestampExtractor implements TimestampExtractor {

    /** Header marking a record whose own timestamp was out of range; its value is that timestamp. */
    public static final String ORIGINAL_TIMESTAMP = "blip.timestamp.original";

    private final Clock clock;

    public LenientTimestampExtractor() {
        this(Clock.systemUTC());
    }

    LenientTimestampExtractor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        record.headers().remove(ORIGINAL_TIMESTAMP);
        long ts = record.timestamp();
        if (inRange(ts, clock.millis())) {
            return ts;
        }
        record.headers().add(ORIGINAL_TIMESTAMP, Long.toString(ts).getBytes(StandardCharsets.UTF_8));
        return Math.max(0, partitionTime);
    }

    static boolean inRange(long ts, long now) {
        return ts >= EventFormat.MIN_TIMESTAMP && ts < EventFormat.MAX_TIMESTAMP && ts <= now + BucketProcessor.MAX_FUTURE_MILLIS;
    }

    /**
     * The refusal of a time outside the range: {@code timestamp_out_of_range} outside
     * [2000, 2100), {@code timestamp_in_future} when more than a day ahead of {@code now}.
     */
    static BadRecordException refusal(String field, long ts, long now) {
        if (ts < EventFormat.MIN_TIMESTAMP || ts >= EventFormat.MAX_TIMESTAMP) {
            return new BadRecordException("timestamp_out_of_range", field
                    + " must be in [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z), got " + ts + RecordParser.instant(ts));
        }
        return new BadRecordException("timestamp_in_future", field + " must be at most a day ahead of the scorer's clock ("
                + now + "), got " + ts + RecordParser.instant(ts));
    }

    /** The timestamp the extractor replaced, or null when the record's own timestamp was used. */
    static Long original(Iterable<Header> headers) {
        Long found = null;
        for (Header h : headers) {
            if (h.key().equals(ORIGINAL_TIMESTAMP) && h.value() != null) {
                try {
                    found = Long.parseLong(new String(h.value(), StandardCharsets.UTF_8));
                } catch (NumberFormatException e) {
                    found = null;
                }
            }
        }
        return found;
    }
}
