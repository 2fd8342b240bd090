package dev.blip.scorer.topology.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blip.core.io.LogText;
import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.IncidentRecord;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The incident task: reads the feed of every scoring task (one partition, so all keys meet here),
 * aggregates episode openings per model and bucket, and writes one incident record per model and
 * bucket with at least {@code incident.min.keys} openings once the bucket is <em>complete</em>:
 * every scoring task has reported closing it, leaving out tasks more than {@link #LAG_BUCKETS}
 * buckets behind the furthest one (a stalled or restoring task delays incidents by at most that).
 * Openings for a bucket already complete are late: counted and dropped (they still page alone).
 * Output depends only on the feed, so it is the same after a restart.
 */
public final class IncidentProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    /** How many buckets a task may lag behind the furthest task before incidents stop waiting for it. */
    public static final int LAG_BUCKETS = 2;
    static final String TASK_PREFIX = "t/";
    static final String AGGREGATE_PREFIX = "a/";
    /** The newest bucket declared complete: openings at or before it are late. */
    static final String COMPLETE = "complete";
    private static final Logger LOG = LoggerFactory.getLogger(IncidentProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScorerConfig.Incidents config;
    private final ScorerMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;

    public IncidentProcessor(ScorerConfig.Incidents config, ScorerMetrics metrics) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("incidents are off");
        }
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(IncidentTopology.STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            if (IncidentFeed.isProgress(record.key())) {
                IncidentFeed.Progress p = IncidentFeed.decodeProgress(record.value());
                store.put(TASK_PREFIX + p.task(), ByteBuffer.allocate(16).putLong(p.through()).putLong(p.interval()).array());
            } else if (IncidentFeed.isOpen(record.key())) {
                opened(ScoreRecordEncoder.decodeEpisode(record.value()));
            } else {
                throw new IllegalArgumentException("unknown feed record");
            }
        } catch (IllegalArgumentException e) {
            // only our own scoring tasks write the feed; an unreadable record means a version mix-up
            LOG.warn("skipping an unreadable incident feed record: {}", LogText.escape(e.getMessage()));
            return;
        }
        emitComplete();
    }

    private void opened(EpisodeRecord e) {
        if (!e.open()) {
            return;
        }
        long bucket = Instant.parse(e.startedAt()).toEpochMilli();
        byte[] mark = store.get(COMPLETE);
        if (mark != null && bucket <= ByteBuffer.wrap(mark).getLong()) {
            metrics.incidentOpeningLate();
            return;
        }
        String id = aggregateKey(e.modelVersion(), bucket);
        byte[] saved = store.get(id);
        IncidentAggregate a = saved == null ? IncidentAggregate.empty(e.modelVersion(), bucket) : IncidentAggregate.decode(saved);
        store.put(id, a.with(e, config.topKeys()).encode());
    }

    /** Writes (or drops, below the minimum) every aggregate whose bucket all tasks have closed. */
    private void emitComplete() {
        long max = Long.MIN_VALUE;
        long interval = 0;
        List<Long> progress = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(TASK_PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
                ByteBuffer b = ByteBuffer.wrap(it.next().value);
                long through = b.getLong();
                progress.add(through);
                if (through > max) {
                    max = through;
                    interval = b.getLong();
                }
            }
        }
        if (progress.isEmpty()) {
            return;
        }
        long complete = max;
        for (long p : progress) {
            if (p >= max - LAG_BUCKETS * interval) {
                complete = Math.min(complete, p);
            }
        }
        byte[] mark = store.get(COMPLETE);
        if (mark == null || ByteBuffer.wrap(mark).getLong() < complete) {
            store.put(COMPLETE, ByteBuffer.allocate(8).putLong(complete).array());
        }
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(AGGREGATE_PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (bucketOf(kv.key) <= complete) {
                    due.add(kv);
                }
            }
        }
        for (KeyValue<String, byte[]> kv : due) {
            store.delete(kv.key);
            emit(kv.value, interval);
        }
    }

    private void emit(byte[] saved, long interval) {
        IncidentAggregate a;
        try {
            a = IncidentAggregate.decode(saved);
        } catch (IllegalArgumentException e) {
            LOG.warn("dropping an unreadable incident aggregate: {}", LogText.escape(e.getMessage()));
            return;
        }
        if (a.count() < config.minKeys()) {
            return;
        }
        IncidentRecord r = a.record(interval, config.minKeys());
        try {
            context.forward(new Record<>(r.incidentId().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(r),
                    a.bucket() + interval), IncidentTopology.SINK);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode incident " + r.incidentId(), e);
        }
        metrics.incidentEmitted();
    }

    /** {@code a/<bucket start, 20 digits>/<model>}: the store keeps aggregates in bucket order. */
    static String aggregateKey(String model, long bucket) {
        return AGGREGATE_PREFIX + String.format("%020d", bucket) + "/" + model;
    }

    private static long bucketOf(String aggregateKey) {
        return Long.parseLong(aggregateKey.substring(AGGREGATE_PREFIX.length(), AGGREGATE_PREFIX.length() + 20));
    }
}
