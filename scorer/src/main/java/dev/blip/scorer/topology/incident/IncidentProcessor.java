package dev.blip.scorer.topology.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blip.core.io.LogText;
import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ModelHolder;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.IncidentRecord;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The incident task: reads the feed of every scoring task (one partition, so all keys meet here),
 * aggregates episode openings per model and bucket, and writes one incident record per model and
 * bucket with at least {@code incident.min.keys} openings once the bucket is <em>complete</em>:
 * every scoring task that has ever reported progress has closed it. A task that stalls (an instance
 * gone until its partitions move, a partition silent with wall-clock closing off) delays an incident
 * by at most {@code incident.max.wait} of wall-clock time after the bucket's first opening arrived;
 * then it is written with what has arrived. Openings for a bucket already written (or complete) are
 * late: counted and dropped; they still page alone.
 */
public final class IncidentProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String TASK_PREFIX = "t/";
    static final String AGGREGATE_PREFIX = "a/";
    /** The newest bucket complete or written: openings at or before it are late. */
    static final String DONE = "done";
    private static final Logger LOG = LoggerFactory.getLogger(IncidentProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScorerConfig.Incidents config;
    private final ModelHolder holder;
    private final ScorerMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;

    public IncidentProcessor(ScorerConfig.Incidents config, ModelHolder holder, ScorerMetrics metrics) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("incidents are off");
        }
        this.config = config;
        this.holder = holder;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(IncidentTopology.STORE);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::emitDue);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            if (IncidentFeed.isProgress(record.key())) {
                IncidentFeed.Progress p = IncidentFeed.decodeProgress(record.value());
                store.put(TASK_PREFIX + p.task(), longBytes(p.through()));
            } else if (IncidentFeed.isOpen(record.key())) {
                opened(ScoreRecordEncoder.decodeEpisode(record.value()));
            } else {
                throw new IllegalArgumentException("unknown feed record");
            }
        } catch (IllegalArgumentException e) {
            // only the scoring tasks write the feed; an unreadable record means a version mix-up
            LOG.warn("skipping an unreadable incident feed record: {}", LogText.escape(e.getMessage()));
            return;
        }
        emitDue(context.currentSystemTimeMs());
    }

    private void opened(EpisodeRecord e) {
        if (!e.open()) {
            return;
        }
        long bucket = Instant.parse(e.startedAt()).toEpochMilli();
        if (bucket <= done()) {
            metrics.incidentOpeningLate();
            return;
        }
        String id = aggregateKey(e.modelVersion(), bucket);
        byte[] saved = store.get(id);
        IncidentAggregate a = saved == null
                ? IncidentAggregate.empty(e.modelVersion(), bucket, context.currentSystemTimeMs())
                : IncidentAggregate.decode(saved);
        store.put(id, a.with(e, config.topKeys()).encode());
    }

    /** Writes (or drops, below the minimum) every aggregate whose bucket is complete or has waited long enough. */
    private void emitDue(long now) {
        long complete = complete();
        long done = Math.max(done(), complete);
        long maxWait = config.maxWait().toMillis();
        List<KeyValue<String, IncidentAggregate>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(AGGREGATE_PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                IncidentAggregate a = decodeOrNull(kv.value);
                if (a == null || a.bucket() <= complete || now - a.since() >= maxWait) {
                    due.add(KeyValue.pair(kv.key, a));
                }
            }
        }
        for (KeyValue<String, IncidentAggregate> kv : due) {
            store.delete(kv.key);
            if (kv.value != null) {
                emit(kv.value);
                done = Math.max(done, kv.value.bucket());
            }
        }
        if (done > done()) {
            store.put(DONE, longBytes(done));
        }
    }

    /** The newest bucket every task that reported progress has closed; {@code Long.MIN_VALUE} before any did. */
    private long complete() {
        long min = Long.MAX_VALUE;
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(TASK_PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
                min = Math.min(min, ByteBuffer.wrap(it.next().value).getLong());
            }
        }
        return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
    }

    private long done() {
        byte[] b = store.get(DONE);
        return b == null ? Long.MIN_VALUE : ByteBuffer.wrap(b).getLong();
    }

    private void emit(IncidentAggregate a) {
        if (a.count() < config.minKeys()) {
            return;
        }
        long interval = holder.current().bundle().interval().millis();
        IncidentRecord r = a.record(interval, config.minKeys());
        try {
            context.forward(new Record<>(r.incidentId().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(r),
                    a.bucket() + interval), IncidentTopology.SINK);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode incident " + r.incidentId(), e);
        }
        metrics.incidentEmitted();
    }

    private static IncidentAggregate decodeOrNull(byte[] saved) {
        try {
            return IncidentAggregate.decode(saved);
        } catch (IllegalArgumentException e) {
            LOG.warn("dropping an unreadable incident aggregate: {}", LogText.escape(e.getMessage()));
            return null;
        }
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** {@code a/<bucket start, 20 digits>/<model>}: the store keeps aggregates in bucket order. */
    static String aggregateKey(String model, long bucket) {
        return AGGREGATE_PREFIX + String.format("%020d", bucket) + "/" + model;
    }
}
