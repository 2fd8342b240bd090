package dev.blip.scorer.topology;

import dev.blip.core.bucket.KeyBuckets;
import dev.blip.core.detect.Episode;
import dev.blip.core.io.LogText;
import dev.blip.core.score.WindowScore;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.window.Window;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ServingModel;
import dev.blip.scorer.state.KeyState;
import dev.blip.scorer.state.KeyStateCodec;
import dev.blip.scorer.state.KeyStates;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One close of a task's keys: reads every key's entries, closes its buckets (at most a share per
 * key), scores the windows that became ready in one batch per chunk of keys, steps each key's
 * detector over its scored buckets in order, forwards the verdicts and episode reports, and only
 * then writes the chunk's key states. Keeps the task's count of keys and of keys with an open episode.
 */
final class KeyCloser {

    /** What the serving model gives a close; rebuilt when the model changes. */
    record Model(ServingModel serving, KeyStates states, WindowScorer scorer, ScoreRecordEncoder encoder) {
        long interval() {
            return serving.bundle().interval().millis();
        }
    }

    /** Keys of one close read before their windows are scored and their states written; see {@link #close}. */
    static final int CHUNK_KEYS = 2048;
    /** Windows of one chunk at most (a key behind by many buckets brings several). */
    static final int CHUNK_WINDOWS = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(KeyCloser.class);

    private final KeyStore store;
    private final WindowEmitter emitter;
    private final ScorerMetrics metrics;
    private final String task;
    private long keys;
    private long openEpisodes;

    KeyCloser(KeyStore store, WindowEmitter emitter, ScorerMetrics metrics, String task) {
        this.store = store;
        this.emitter = emitter;
        this.metrics = metrics;
        this.task = task;
        this.keys = store.approximateKeys();
        metrics.keysTracked(task, keys);
        this.openEpisodes = countOpenEpisodes();
        metrics.openEpisodes(task, openEpisodes);
    }

    /** Keys of the task at the last close (an estimate before the first). */
    long keys() {
        return keys;
    }

    /**
     * Closes every key's buckets up to {@code through}, at most {@code perKey} per key, a chunk of
     * keys at a time ({@value #CHUNK_KEYS} keys or {@value #CHUNK_WINDOWS} windows): each chunk's
     * windows are scored together, its verdicts forwarded and its key states written before the next
     * chunk is read. A close of 10^5 keys so never holds more than a chunk's states, windows and
     * verdicts, which die young (holding every key's at once, a 10^5-key bench run spent 16.5 of
     * 214 s in collector pauses).
     *
     * @return whether some key is still behind {@code through} (the close goes on in a later call)
     */
    boolean close(Model m, long through, int perKey, String trigger) {
        long interval = m.interval();
        Chunk chunk = new Chunk();
        long closed = 0;
        long kept = 0;
        boolean behind = false;
        try (KeyStore.Entries entries = store.entries()) {
            while (entries.hasNext()) {
                KeyStore.Entry entry = entries.next();
                String key = entry.key();
                if (entry.state() != null && KeyStateCodec.lastClosed(entry.state()) >= through) {
                    // closed through already (a close spread over punctuations): its open buckets wait in their entry
                    kept++;
                    continue;
                }
                KeyBuckets open = entry.open();
                KeyState s = store.state(key, entry.state());
                if (s == null && open == null) {
                    continue;
                }
                if (open != null && !m.states().fits(open)) {
                    store.deleteOpen(key);
                    open = open.withoutOpen();
                }
                boolean wasOpen = false;
                boolean movesOpen = false;
                if (s != null && m.states().resetIfNotFinite(s)) {
                    reset(key);
                }
                if (s == null) {
                    // a copy: the entry stays the key's live open buckets, which its next events count into
                    s = m.states().fresh(open.copy());
                } else {
                    modelChanged(m, key, s);
                    wasOpen = s.detector().episodeOpen();
                    movesOpen = s.buckets().hasOpen();
                    if (open != null) {
                        // buckets of the entry this key has closed already were taken over by an earlier close: skipped
                        s.buckets().absorb(open);
                    }
                }
                int before = chunk.windows.size();
                int n = m.states().close(s, key, through, perKey, chunk.windows);
                boolean evicted = n == KeyStates.EVICTED;
                if (!evicted) {
                    closed += n;
                    kept++;
                    behind |= s.lastClosed() < through;
                }
                Pending p = new Pending(key, s, chunk.windows.size() - before, evicted, wasOpen, movesOpen);
                if (p.windows > 0) {
                    // a key evicted after a jump of event time still has its zero-bucket windows scored first
                    chunk.pending.add(p);
                } else {
                    finish(m, p, interval);
                }
                if (++chunk.keys >= CHUNK_KEYS || chunk.windows.size() >= CHUNK_WINDOWS) {
                    finish(m, chunk, interval);
                    chunk = new Chunk();
                }
            }
        }
        finish(m, chunk, interval);
        keys = kept;
        metrics.keysTracked(task, keys);
        metrics.bucketsClosed(trigger, closed);
        metrics.openEpisodes(task, openEpisodes);
        return behind;
    }

    /** The keys of a close whose windows are scored together, and those windows in the same order. */
    private static final class Chunk {
        final List<Window> windows = new ArrayList<>();
        final List<Pending> pending = new ArrayList<>();
        int keys;
    }

    /** Scores a chunk's windows in one call, steps each key's detector over its verdicts, then writes the chunk's states. */
    private void finish(Model m, Chunk chunk, long interval) {
        List<WindowScore> scores = emitter.score(chunk.windows, m.scorer());
        int next = 0;
        for (Pending p : chunk.pending) {
            for (int i = 0; i < p.windows; i++) {
                emitter.verdict(m.states().step(p.state, scores.get(next++)), m.encoder(), interval);
            }
            finish(m, p, interval);
        }
        if (next != scores.size()) {
            throw new IllegalStateException("scored " + scores.size() + " windows but stepped " + next);
        }
        store.flush();
    }

    /** A key whose windows are scored in this close: its state is written after its detector stepped. */
    private record Pending(String key, KeyState state, int windows, boolean evicted, boolean wasOpen, boolean movesOpen) {
    }

    /** Writes (or evicts) one key after its close, keeping the count of open episodes. */
    private void finish(Model m, Pending p, long interval) {
        if (p.evicted) {
            openEpisodes -= p.wasOpen ? 1 : 0;
            evict(m, p.key, p.state, interval);
            return;
        }
        if (m.states().resetIfNotFinite(p.state)) {
            reset(p.key);
        }
        openEpisodes += (p.state.detector().episodeOpen() ? 1 : 0) - (p.wasOpen ? 1 : 0);
        store.put(p.key, p.state, p.movesOpen);
    }

    private void reset(String key) {
        metrics.keyStateReset();
        LOG.error("reset the state of key '{}': it held a non-finite number; the key warms up again", LogText.escape(key));
    }

    /** Deletes a key silent for longer than the TTL; an episode it had open is reported closed. */
    private void evict(Model m, String key, KeyState s, long interval) {
        Episode ended = m.states().end(s, key);
        if (ended != null) {
            emitter.ended(ended, ScorerMetrics.CLOSED_KEY_EVICTED, m.encoder(), s.lastClosed() + interval);
        }
        store.delete(key);
    }

    /** Conforms a stored state to the serving model; reports the episode a model change ended. */
    private void modelChanged(Model m, String key, KeyState s) {
        Episode ended = m.states().conform(s, key);
        if (ended != null) {
            emitter.ended(ended, ScorerMetrics.CLOSED_MODEL_CHANGE, m.encoder(), s.lastClosed() + m.interval());
            openEpisodes = Math.max(0, openEpisodes - 1);
            metrics.openEpisodes(task, openEpisodes);
        }
    }

    /** Keys of the task with an open episode, counted once when the task starts (then kept by closes). */
    private long countOpenEpisodes() {
        long n = 0;
        try (KeyValueIterator<String, byte[]> it = store.allStates()) {
            while (it.hasNext()) {
                try {
                    KeyState s = KeyStateCodec.decode(it.next().value);
                    n += s.detector() != null && s.detector().episodeOpen() ? 1 : 0;
                } catch (RuntimeException e) {
                    // counted and logged when a close touches the key
                }
            }
        }
        return n;
    }
}
