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
 * then it is written with what has arrived. An aggregate is kept, once its bucket is complete, until
 * {@link #RETAIN_WAITS} max waits after its first opening (wall clock; a jump of event time must not
 * forget a bucket whose openings are still coming from another task; see {@code forget}): openings
 * that arrive for a bucket whose incident is written are late
 * (counted and dropped; they page alone), those for a bucket still below the minimum are added and
 * may still make an incident (a task that had not reported yet, right after a fresh start).
 */
public final class IncidentProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    /** How many {@code incident.max.wait}s an aggregate is kept after its first opening, to recognise late openings. */
    static final int RETAIN_WAITS = 10;
    static final String TASK_PREFIX = "t/";
    static final String AGGREGATE_PREFIX = "a/";
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
        String id = aggregateKey(e.modelVersion(), bucket);
        IncidentAggregate a = decodeOrNull(store.get(id));
        if (a == null) {
            a = IncidentAggregate.empty(e.modelVersion(), bucket, context.currentSystemTimeMs());
        } else if (a.written()) {
            metrics.incidentOpeningLate();
            return;
        }
        store.put(id, a.with(e, config.topKeys()).encode());
    }

    /**
     * Writes the incident of every aggregate that reached the minimum and whose bucket is complete
     * or has waited long enough; forgets complete aggregates {@link #RETAIN_WAITS} max waits after their first opening.
     */
    private void emitDue(long now) {
        long complete = complete();
        long interval = holder.current().bundle().interval().millis();
        long maxWait = config.maxWait().toMillis();
        List<KeyValue<String, IncidentAggregate>> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(AGGREGATE_PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                IncidentAggregate a = decodeOrNull(kv.value);
                if (a == null || forget(a, complete, now - a.since(), maxWait)) {
                    changed.add(KeyValue.pair(kv.key, null));
                } else if (!a.written() && a.count() >= config.minKeys()
                        && (a.bucket() <= complete || now - a.since() >= maxWait)) {
                    changed.add(KeyValue.pair(kv.key, a));
                }
            }
        }
        for (KeyValue<String, IncidentAggregate> kv : changed) {
            if (kv.value == null) {
                store.delete(kv.key);
            } else {
                emit(kv.value, interval);
                store.put(kv.key, kv.value.asWritten().encode());
            }
        }
    }

    /**
     * Whether an aggregate may go: {@link #RETAIN_WAITS} max waits after its first opening once its
     * bucket is complete, ten times that in any case (a task that never reports again must not make
     * the store grow without bound).
     */
    private static boolean forget(IncidentAggregate a, long complete, long age, long maxWait) {
        long retain = RETAIN_WAITS * maxWait;
        return age >= retain && (a.bucket() <= complete || age >= 10 * retain);
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

    private void emit(IncidentAggregate a, long interval) {
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
        if (saved == null) {
            return null;
        }
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
