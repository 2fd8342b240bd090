package dev.blip.scorer.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Never fails on a record: a negative record timestamp becomes 0, which the parser then sends to
 * the dead-letter topic as out of range (when the event time comes from the record timestamp).
 * Kafka Streams' default extractor would instead stop the application on such a record.
 */
public final class LenientTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return Math.max(0, record.timestamp());
    }
}
