package dev.blip.scorer.topology;

import dev.blip.core.event.BadRecordException;
import dev.blip.core.event.ParsedRecord;
import dev.blip.core.event.RecordParser;
import dev.blip.core.io.LogText;
import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ModelHolder;
import dev.blip.scorer.model.ServingModel;
import dev.blip.core.bucket.KeyBuckets;
import dev.blip.scorer.state.KeyStates;
import dev.blip.scorer.topology.serdes.DeadLetters;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Counts events into per-key buckets and, on punctuation, closes due buckets for every key of
 * the task, scores the ready windows in batches and steps each key's detector over its verdicts.
 * See the package notes for how the stream-time and wall-clock punctuators share the work.
 */
final class BucketProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    /** Events further than this ahead of the wall clock are refused (they would close every key's buckets early). */
    static final long MAX_FUTURE_MILLIS = Duration.ofDays(1).toMillis();
    private static final Logger LOG = LoggerFactory.getLogger(BucketProcessor.class);

    private final ScorerConfig config;
    private final ModelHolder holder;
    private final ScorerMetrics metrics;
    private final KeyLimit.Share keys;
    private final RateLimitedLog lateLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private ProcessorContext<byte[], byte[]> context;
    private KeyStore store;
    private TaskClock clock;
    private WindowEmitter emitter;
    private KeyCloser closer;
    private ServingModel serving;
    private KeyCloser.Model model;
    private KeyStates states;
    private RecordParser parser;

    BucketProcessor(ScorerConfig config, ModelHolder holder, ScorerMetrics metrics, KeyLimit keyLimit) {
        this.config = config;
        this.holder = holder;
        this.metrics = metrics;
        this.keys = keyLimit.share();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = new KeyStore(context.getStateStore(ScoringTopology.KEY_STORE), context.getStateStore(ScoringTopology.OPEN_STORE),
                metrics);
        context.<CommitHook>getStateStore(ScoringTopology.COMMIT_HOOK).bind(store.openBuckets());
        this.clock = new TaskClock(context.getStateStore(ScoringTopology.CLOCK_STORE), context.currentSystemTimeMs());
        this.emitter = new WindowEmitter(context, metrics, config.scoresEnabled(), config.incidents().enabled());
        refreshModel();
        this.closer = new KeyCloser(store, emitter, metrics, taskName());
        keys.holds(closer.keys());
        Duration cadence = cadence(serving.bundle().interval().millis());
        context.schedule(cadence, PunctuationType.STREAM_TIME,
                t -> punctuate(clock.watermark(), ScorerMetrics.TRIGGER_STREAM_TIME));
        Duration wallCadence = cadence.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : cadence;
        if (config.wallClockClose()) {
            context.schedule(wallCadence, PunctuationType.WALL_CLOCK_TIME,
                    t -> punctuate(clock.known() ? clock.extrapolated(t) : Long.MIN_VALUE, ScorerMetrics.TRIGGER_WALL_CLOCK));
        }
        // goes on with a close spread over several punctuations, a share every 100 ms, records or not
        context.schedule(Duration.ofMillis(100), PunctuationType.WALL_CLOCK_TIME, t -> {
            if (clock.behind()) {
                punctuate(Long.MIN_VALUE, ScorerMetrics.TRIGGER_STREAM_TIME);
            }
        });
    }

    /** A tenth of the bucket interval, at most 30 s: a punctuation with nothing due returns at once. */
    static Duration cadence(long intervalMillis) {
        return Duration.ofMillis(Math.max(1, Math.min(intervalMillis / 10, 30_000)));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        refreshModel();
        ParsedRecord parsed;
        try {
            parsed = parse(record);
        } catch (BadRecordException e) {
            deadLetter(record, e.reason(), e.getMessage());
            return;
        }
        try {
            accept(parsed);
        } catch (KeyBuckets.CountOverflowException e) {
            deadLetter(record, "count_overflow", e.getMessage());
            return;
        } catch (BadRecordException e) {
            deadLetter(record, e.reason(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("cannot process a record of key '{}': {}", LogText.escape(parsed.key()), LogText.escape(e.toString()));
            deadLetter(record, "processing_error", e.toString());
            return;
        }
        // Close as soon as the watermark crosses a boundary: Kafka's own stream time follows record
        // timestamps, which one odd record can push far ahead and so stall the STREAM_TIME punctuator.
        // Outside the try: a failure while scoring is not the record's fault and must not dead-letter it.
        // While a large close is spread over punctuations, only the scheduled ones go on with it (one
        // share per punctuation, so no commit waits on more than one share per record batch).
        if (!clock.behind()) {
            punctuate(clock.watermark(), ScorerMetrics.TRIGGER_STREAM_TIME);
        }
    }

    private ParsedRecord parse(Record<byte[], byte[]> record) {
        Long original = LenientTimestampExtractor.original(record.headers());
        if (original != null && config.eventFormat().timeField() == null) {
            // the record timestamp is the event time; with a time field it is only transport metadata
            throw LenientTimestampExtractor.refusal("record timestamp", original, context.currentSystemTimeMs());
        }
        String key = config.eventFormat().keyField() == null ? RecordKeys.decode(record.key()) : null;
        ParsedRecord parsed = parser.parse(key, record.value(), record.timestamp());
        if (parsed.timestampMillis() > context.currentSystemTimeMs() + MAX_FUTURE_MILLIS) {
            String field = config.eventFormat().timeField() == null ? "record timestamp" : "field '" + config.eventFormat().timeField() + "'";
            throw LenientTimestampExtractor.refusal(field, parsed.timestampMillis(), context.currentSystemTimeMs());
        }
        return parsed;
    }

    /**
     * Counts one record into its key's open buckets: the only state an event touches is that
     * small entry; the key's window and detector state are read and written only when buckets close.
     */
    private void accept(ParsedRecord r) {
        long interval = serving.bundle().interval().millis();
        long bucket = serving.bundle().interval().bucketStart(r.timestampMillis());
        KeyBuckets b = store.open(r.key());
        if (b == null && !store.hasState(r.key()) && !keys.admit()) {
            throw new BadRecordException("key_limit", "key '" + LogText.escape(r.key()) + "' is new and this instance tracks "
                    + "its most keys already (BLIP_MAX_KEYS: at most " + keys.limit() + "); idle keys make room when evicted");
        }
        if (b == null || !states.fits(b)) {
            b = states.openBuckets(bucket);
        } else if (b.forgetThrough(clock.closedThrough()) > 0) {
            // every key of the task has closed these: a close took them over and left them in the entry
            store.putOpen(r.key(), b);
        }
        long taskSealed = Math.max(Math.max(clock.closedThrough(), clock.target()), closeThrough(clock.watermark(), interval));
        clock.observe(r.timestampMillis(), context.currentSystemTimeMs());
        if (bucket > taskSealed && bucket <= b.lastClosed()) {
            // Only open buckets counted since the key's last close can be above what the task sealed
            // (a key new to the task, or the first event of a bucket): an out-of-order event within
            // grace starts them earlier, as the trainer's Bucketer would, instead of being dropped as late.
            b.startAt(bucket, interval);
        }
        if (bucket <= Math.max(b.lastClosed(), taskSealed)) {
            metrics.lateEvent();
            lateLog.warn("dropped late event of key '{}' at {} (its bucket {} is closed)", r.key(), r.timestampMillis(), bucket);
            return;
        }
        states.add(b, r);
        store.putOpen(r.key(), b);
        metrics.eventsConsumed(1);
    }

    /** Start of the last bucket that may be closed at {@code limit}: it ended at least a grace period ago. */
    private long closeThrough(long limit, long interval) {
        if (limit == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return serving.bundle().interval().bucketStart(limit - config.grace().toMillis() - interval);
    }

    /**
     * Closes sealed buckets of every key of the task ({@link KeyCloser}): state, outputs and (under
     * exactly-once) offsets are one transaction, so a crash anywhere in here redoes it all or none.
     * At most {@code close.budget} buckets are closed per call (shared evenly by the keys); a larger
     * close (a jump of event time) goes on in the following punctuations.
     */
    void punctuate(long limit, String trigger) {
        refreshModel();
        long through = Math.max(closeThrough(limit, model.interval()), clock.target());
        if (through == Long.MIN_VALUE || through <= clock.closedThrough()) {
            return;
        }
        clock.closing(through);
        long started = System.nanoTime();
        int perKey = (int) Math.max(1, config.closeBudget() / Math.max(1, closer.keys()));
        boolean behind = closer.close(model, through, perKey, trigger);
        keys.holds(closer.keys());
        if (!behind) {
            clock.closed(through);
            emitter.progress(taskName(), through, model.interval());
        }
        metrics.closeTook(System.nanoTime() - started);
    }

    private void refreshModel() {
        ServingModel now = holder.current();
        if (now == serving) {
            return;
        }
        serving = now;
        states = new KeyStates(now, config.keyTtl().toMillis());
        parser = new RecordParser(config.eventFormat(), now.bundle().features().size());
        model = new KeyCloser.Model(now, states, now.bundle().newScorer(config.maxBatch(), config.inferenceEngine()),
                new ScoreRecordEncoder(now.bundle().features().names(), now.bundle().interval().millis(), now.version(),
                        now.bundle().detector().spec().threshold()));
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, String message) {
        metrics.badRecord(reason);
        context.forward(DeadLetters.of(record, context.recordMetadata(), reason, message), ScoringTopology.DLQ_SINK);
    }

    private String taskName() {
        return context.taskId().toString();
    }

    @Override
    public void close() {
        keys.release();
        if (context != null) {
            metrics.taskClosed(taskName());
        }
    }
}
