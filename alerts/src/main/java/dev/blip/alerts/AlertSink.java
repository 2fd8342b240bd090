package dev.blip.alerts;

import dev.blip.alerts.AlertmanagerClient.Outcome;
import dev.blip.alerts.AlertmanagerClient.Result;
import dev.blip.alerts.OpenEpisodes.Mode;
import dev.blip.alerts.OpenEpisodes.Tracked;
import dev.blip.alerts.config.AlertsConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * The delivery loop, on one thread: poll episode records, turn them into alerts, post them, and
 * commit a partition's offset only up to records whose post succeeded and never past the
 * {@code open} record of an episode still open ({@link OpenEpisodes#commitLimit}). A failed post
 * (5xx, connection error, timeout) pauses the partitions and is retried with exponential backoff
 * while the consumer keeps polling (so it stays in its group); a rejected one (4xx) is split to find
 * the refused alerts, which are logged, counted and skipped. Nothing here ends the loop but
 * {@link #stop} or {@link #halt}.
 */
public final class AlertSink implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertSink.class);
    private static final Duration MAX_POLL_WAIT = Duration.ofSeconds(1);

    /**
     * A record read and not yet delivered; {@code alert} is null for a record that posts nothing
     * (invalid, held or covered by an incident); {@code incident} is set for an incident's posts.
     */
    private record Pending(TopicPartition tp, long offset, Alert alert, Tracked tracked, OpenIncidents.Tracked incident) {
        Pending(TopicPartition tp, long offset, Alert alert, Tracked tracked) {
            this(tp, offset, alert, tracked, null);
        }
    }

    private final AlertsConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final AlertmanagerClient client;
    private final AlertsMetrics metrics;
    private final Clock clock;
    private final AlertMapper mapper;
    private final OpenEpisodes open = new OpenEpisodes();
    private final OpenIncidents incidents = new OpenIncidents();
    private final IncidentMapper incidentMapper;
    private final boolean grouping;
    private final RepostSchedule reposts;
    private final Backoff backoff;
    private final List<Pending> pending = new ArrayList<>();
    private final Offsets offsets = new Offsets();
    private final RateLimitedLog invalidLog = new RateLimitedLog(LOG, Duration.ofMinutes(1), 10);
    private Instant retryAt;
    private volatile boolean stopping;
    private volatile boolean halted;
    private volatile boolean running;

    AlertSink(AlertsConfig config, Consumer<byte[], byte[]> consumer, AlertmanagerClient client, AlertsMetrics metrics,
              Clock clock) {
        this.config = config;
        this.consumer = consumer;
        this.client = client;
        this.metrics = metrics;
        this.clock = clock;
        this.mapper = new AlertMapper(config);
        this.incidentMapper = new IncidentMapper(config, mapper);
        this.grouping = config.incidents().group();
        this.reposts = new RepostSchedule(config.repostInterval(), clock.instant());
        this.backoff = new Backoff(config.retryInitial(), config.retryMax());
    }

    @Override
    public void run() {
        running = true;
        try {
            consumer.subscribe(grouping ? List.of(config.topic(), config.incidents().topic()) : List.of(config.topic()),
                    new Listener());
            while (!stopping) {
                try {
                    cycle();
                } catch (WakeupException e) {
                    // stop() or halt()
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (KafkaException e) {
                    LOG.warn("Kafka error, retrying: {}", e.toString());
                    sleep(backoff.next());
                } catch (RuntimeException e) {
                    LOG.error("unexpected error in the delivery loop, continuing", e);
                    sleep(backoff.next());
                }
            }
        } finally {
            try {
                if (!halted) {
                    commit();
                }
            } catch (RuntimeException e) {
                LOG.warn("final commit failed: {}", e.toString());
            } finally {
                consumer.close(halted ? Duration.ZERO : Duration.ofSeconds(10));
                running = false;
            }
        }
    }

    private void cycle() throws InterruptedException {
        Instant now = clock.instant();
        Duration wait = reposts.until(now);
        if (retryAt != null) {
            Duration untilRetry = Duration.between(now, retryAt);
            wait = untilRetry.isNegative() ? Duration.ZERO : untilRetry;
        }
        Instant held = open.nextHeldDue();
        if (held != null && retryAt == null) {
            Duration untilHeld = Duration.between(now, held);
            wait = untilHeld.compareTo(wait) < 0 ? (untilHeld.isNegative() ? Duration.ZERO : untilHeld) : wait;
        }
        if (wait.compareTo(MAX_POLL_WAIT) > 0) {
            wait = MAX_POLL_WAIT;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            accept(r);
        }
        updateLag();
        deliver(clock.instant());
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Instant now = clock.instant();
        if (grouping && r.topic().equals(config.incidents().topic())) {
            acceptIncident(tp, r, now);
            return;
        }
        Episode e;
        try {
            e = Episode.parse(r.value());
        } catch (Episode.InvalidEpisode ex) {
            metrics.recordsInvalid.increment();
            invalidLog.warn("skipping record {}-{}@{}: not an episode record: {}", r.topic(), r.partition(), r.offset(),
                    ex.getMessage());
            pending.add(new Pending(tp, r.offset(), null, null));
            return;
        }
        if (e.open()) {
            boolean hold = grouping && !config.incidents().hold().isZero();
            Tracked t = open.opened(tp, r.offset(), e, mapper.labels(e), hold ? Mode.HELD : Mode.ALERTED,
                    now.plus(config.incidents().hold()));
            OpenIncidents.Tracked covering = t.mode() == Mode.HELD ? incidents.covering(e) : incidents.get(t.incident());
            if (covering != null) {
                t = cover(t, covering);
            }
            pending.add(new Pending(tp, r.offset(), t.mode() == Mode.ALERTED ? mapper.open(e, t.labels(), now) : null, t));
        } else {
            Tracked t = open.get(tp, e.id());
            SortedMap<String, String> labels;
            if (t != null && t.mode() == Mode.COVERED) {
                closeCovered(tp, r.offset(), e, t, now);
                metrics.open.set(open.size());
                return;
            }
            if (t != null) {
                labels = t.labels();
                open.closing(t);
                t = open.get(tp, e.id());
            } else {
                labels = mapper.labels(e);
                LOG.info("episode {} closed, its open record was not read here: resolving with the closing record's labels",
                        RateLimitedLog.escape(e.id()));
            }
            pending.add(new Pending(tp, r.offset(), mapper.resolved(e, labels, now), t));
        }
        metrics.open.set(open.size());
    }

    /** An incident record: its alert, and every held episode it covers is covered (its own alert never posted). */
    private void acceptIncident(TopicPartition tp, ConsumerRecord<byte[], byte[]> r, Instant now) {
        Incident i;
        try {
            i = Incident.parse(r.value());
        } catch (Episode.InvalidEpisode ex) {
            metrics.recordsInvalid.increment();
            invalidLog.warn("skipping record {}-{}@{}: not an incident record: {}", r.topic(), r.partition(), r.offset(),
                    ex.getMessage());
            pending.add(new Pending(tp, r.offset(), null, null));
            return;
        }
        OpenIncidents.Tracked ti = incidents.opened(tp, r.offset(), i, incidentMapper.labels(i));
        for (Tracked h : open.held()) {
            if (i.covers(h.episode())) {
                cover(h, ti);
            }
        }
        pending.add(new Pending(tp, r.offset(), incidentMapper.open(i, ti.labels(), ti.covered().size(), now), null, ti));
        metrics.incidents.set(incidents.size());
    }

    private Tracked cover(Tracked t, OpenIncidents.Tracked incident) {
        if (t.mode() != Mode.COVERED) {
            metrics.keysCovered.increment();
        }
        incident.covered().add(t.episode().id());
        return open.update(t.with(Mode.COVERED, null, incident.incident().id()));
    }

    /** A covered episode closed: nothing of its own to post; the incident resolves with its last covered episode. */
    private void closeCovered(TopicPartition tp, long offset, Episode e, Tracked t, Instant now) {
        open.closing(t);
        t = open.get(tp, e.id());
        OpenIncidents.Tracked inc = incidents.get(t.incident());
        Alert alert = null;
        if (inc != null && incidents.uncover(inc, e.id())) {
            inc = incidents.get(t.incident());
            alert = incidentMapper.resolved(inc.incident(), inc.labels(), e.endedAt(), now);
        } else {
            inc = null;
        }
        pending.add(new Pending(tp, offset, alert, t, inc));
    }

    private void deliver(Instant now) throws InterruptedException {
        if (retryAt != null && now.isBefore(retryAt)) {
            return;
        }
        Set<String> inPending = new HashSet<>();
        List<Alert> batch = new ArrayList<>();
        for (Pending p : pending) {
            if (p.alert() != null) {
                batch.add(p.alert());
                if (p.tracked() != null) {
                    inPending.add(p.tracked().episode().id());
                }
                if (p.incident() != null) {
                    inPending.add(p.incident().incident().id());
                }
            }
        }
        List<Tracked> released = new ArrayList<>();
        for (Tracked h : open.held()) {
            if (!h.heldUntil().isAfter(now)) {
                released.add(h);
                batch.add(mapper.open(h.episode(), h.labels(), now));
            }
        }
        boolean repost = reposts.due(now);
        if (repost) {
            for (Tracked t : open.active()) {
                if (!inPending.contains(t.episode().id())) {
                    batch.add(mapper.open(t.episode(), t.labels(), now));
                }
            }
            for (OpenIncidents.Tracked t : incidents.active()) {
                if (!inPending.contains(t.incident().id())) {
                    batch.add(incidentMapper.open(t.incident(), t.labels(), t.covered().size(), now));
                }
            }
        }
        if (batch.isEmpty()) {
            if (repost) {
                reposts.posted(now);
            }
            done(pending.size());
            return;
        }
        Result result = client.post(batch);
        switch (result.outcome()) {
            case OK -> {
                release(released);
                metrics.recordsPosted.increment(released.size());
                metrics.postsOk.increment();
                if (repost) {
                    reposts.posted(now);
                    metrics.reposts.increment();
                }
                metrics.recordsPosted.increment(pending.stream().filter(p -> p.alert() != null).count());
                done(pending.size());
                recovered();
            }
            case RETRY -> failed(result);
            case REJECTED -> {
                metrics.postsRejected.increment();
                if (repost) {
                    reposts.posted(now);   // refused re-posts are counted, not retried at once
                }
                LOG.warn("Alertmanager refused a batch of {} alerts ({}); posting the records' alerts one by one",
                        batch.size(), result.detail());
                if (releaseOneByOne(released, now)) {
                    oneByOne();
                }
            }
        }
    }

    /**
     * After a 4xx on a batch: each released episode alone; a refused one is logged, counted and no
     * longer tracked (it would be refused on every re-post).
     *
     * @return false when a post failed (retried later, the episodes still held)
     */
    private boolean releaseOneByOne(List<Tracked> held, Instant now) throws InterruptedException {
        for (Tracked h : held) {
            Result r = client.post(List.of(mapper.open(h.episode(), h.labels(), now)));
            if (r.outcome() == Outcome.RETRY) {
                failed(r);
                return false;
            }
            if (r.outcome() == Outcome.OK) {
                metrics.postsOk.increment();
                release(List.of(h));
            } else {
                metrics.postsRejected.increment();
                metrics.recordsRejected.increment();
                LOG.error("Alertmanager refused the alert of episode {} ({}); skipped", RateLimitedLog.escape(h.episode().id()),
                        r.detail());
                open.remove(h.partition(), h.episode().id());
            }
        }
        return true;
    }

    /** Held episodes whose wait ended without an incident: posted alone from now on. */
    private void release(List<Tracked> held) {
        for (Tracked h : held) {
            open.update(h.with(Mode.ALERTED, null, null));
        }
    }

    /** After a 4xx on a batch: each pending record alone, skipping the refused ones; stops at a failure. */
    private void oneByOne() throws InterruptedException {
        while (!pending.isEmpty()) {
            Pending p = pending.get(0);
            if (p.alert() != null) {
                Result r = client.post(List.of(p.alert()));
                if (r.outcome() == Outcome.RETRY) {
                    failed(r);
                    return;
                }
                if (r.outcome() == Outcome.OK) {
                    metrics.postsOk.increment();
                    metrics.recordsPosted.increment();
                } else {
                    metrics.postsRejected.increment();
                    reject(p, r);
                }
            }
            done(1);
        }
        recovered();
    }

    private void reject(Pending p, Result r) {
        metrics.recordsRejected.increment();
        LOG.error("Alertmanager refused the alert of record {}@{} ({}); skipped", p.tp(), p.offset(), r.detail());
        if (p.tracked() != null && !p.tracked().closing()) {
            open.remove(p.tp(), p.tracked().episode().id());   // would be refused on every re-post too
        }
    }

    private void failed(Result r) {
        metrics.postsFailed.increment();
        metrics.retries.increment();
        Duration wait = backoff.next();
        retryAt = clock.instant().plus(wait);
        consumer.pause(consumer.assignment());
        LOG.warn("posting to {} failed ({}); retrying in {} ms", client.endpoints(), r.detail(), wait.toMillis());
    }

    private void recovered() {
        if (retryAt != null) {
            LOG.info("posting to {} works again", client.endpoints());
        }
        retryAt = null;
        backoff.reset();
        consumer.resume(consumer.paused());
        commit();
    }

    /** The first {@code n} pending records are delivered (or skipped). */
    private void done(int n) {
        for (int i = 0; i < n; i++) {
            Pending p = pending.remove(0);
            offsets.delivered(p.tp(), p.offset() + 1);
            if (p.tracked() != null && p.tracked().closing()) {
                open.remove(p.tp(), p.tracked().episode().id());
            }
            if (p.incident() != null) {
                OpenIncidents.Tracked now = incidents.get(p.incident().incident().id());
                if (now != null && (now.closing() || now.covered().isEmpty())) {
                    incidents.remove(now.incident().id());   // resolved, or covers nothing here (expires by itself)
                }
            }
        }
        metrics.open.set(open.size());
        metrics.incidents.set(incidents.size());
        if (n > 0 && retryAt == null) {
            commit();
        }
    }

    private void commit() {
        offsets.commit(consumer, this::commitLimit, offsets.partitions());
    }

    private long commitLimit(TopicPartition tp, long next) {
        return incidents.commitLimit(tp, open.commitLimit(tp, next));
    }

    private void updateLag() {
        long sum = 0;
        for (TopicPartition tp : consumer.assignment()) {
            sum += consumer.currentLag(tp).orElse(0);
        }
        metrics.lag.set(sum);
    }

    /** Stops after the current step, committing what was delivered. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Stops without committing anything more: what a crash does (tests). */
    void halt() {
        halted = true;
        stop();
    }

    public boolean running() {
        return running;
    }

    /** False while posts fail and are being retried. */
    public boolean delivering() {
        return retryAt == null;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!halted) {
                offsets.commit(consumer, AlertSink.this::commitLimit, partitions);
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (retryAt != null) {
                consumer.pause(partitions);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            pending.removeIf(p -> partitions.contains(p.tp()));
            for (TopicPartition tp : partitions) {
                open.dropPartition(tp);
                incidents.dropPartition(tp);
                offsets.forget(tp);
            }
            metrics.open.set(open.size());
        }
    }
}
