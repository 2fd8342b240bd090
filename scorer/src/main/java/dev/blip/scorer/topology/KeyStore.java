package dev.blip.scorer.topology;

import dev.blip.core.bucket.KeyBuckets;
import dev.blip.core.io.LogText;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.state.KeyState;
import dev.blip.scorer.state.KeyStateCodec;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A task's per-key state in two stores: the small entry every event changes (the key's open
 * buckets, {@link KeyBuckets}, kept decoded in front of their store by {@link OpenBuckets}; a
 * close only reads it) and the larger one only bucket closes touch ({@link KeyState}: window and
 * detector state). Both are changelogged and written in the task's transaction. An
 * entry that cannot be decoded is counted ({@code blip.keys.unreadable}), logged and deleted:
 * the key starts afresh.
 */
final class KeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(KeyStore.class);

    private final KeyValueStore<String, byte[]> states;
    private final OpenBuckets open;
    private final ScorerMetrics metrics;
    /** Key-state writes of the close under way, written together by {@link #flush()}. */
    private List<KeyValue<String, byte[]>> pending = new ArrayList<>();

    KeyStore(KeyValueStore<String, byte[]> states, KeyValueStore<String, byte[]> open, ScorerMetrics metrics) {
        this.states = states;
        this.metrics = metrics;
        this.open = new OpenBuckets(open, (key, bytes, e) -> unreadable(key, "open buckets", bytes, e));
    }

    /** What the task's commit hook flushes: the open-bucket entries changed since the last commit. */
    CommitHook.Flushable openBuckets() {
        return open;
    }

    /** The key's open buckets (the live entry: {@link #putOpen} it after changing it), or null when it has none. */
    KeyBuckets open(String key) {
        return open.get(key);
    }

    /** Whether the key has a saved state (a point lookup; only asked for keys without open buckets). */
    boolean hasState(String key) {
        return states.get(key) != null;
    }

    /** Sets the key's open buckets (written to the store before the task's next commit). */
    void putOpen(String key, KeyBuckets buckets) {
        open.put(key, buckets);
    }

    /** Decodes a key's saved state, or null when there is none (or it was unreadable). */
    KeyState state(String key, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return KeyStateCodec.decode(bytes);
        } catch (RuntimeException e) {
            unreadable(key, "state", bytes, e);
            states.delete(key);
            return null;
        }
    }

    /**
     * Writes the key's state (at the next {@link #flush()}). Its open-bucket entry is left as it is:
     * the buckets a close took over stay in it, already closed, until the key's next event forgets
     * them ({@link KeyBuckets#forgetThrough}); a close takes over only buckets after the key's
     * closed position, so they are never counted twice. A close so writes nothing per key but the
     * key state. Only open buckets that came with the state itself (saved before the stores were
     * split) are written to the open-bucket entry, when {@code movesOpen}.
     */
    void put(String key, KeyState s, boolean movesOpen) {
        KeyBuckets stillOpen = s.takeOpen();
        pending.add(KeyValue.pair(key, KeyStateCodec.encode(s)));
        if (movesOpen && stillOpen != null) {
            open.put(key, stillOpen);
        }
    }

    /** Deletes the key's open-bucket entry (now): it no longer fits the model. */
    void deleteOpen(String key) {
        open.delete(key);
    }

    /** Deletes the key's state (at the next {@link #flush()}) and its open buckets (now). */
    void delete(String key) {
        pending.add(KeyValue.pair(key, null));
        open.delete(key);
    }

    /**
     * Writes the key states put or deleted since the last flush in one batch (one RocksDB write
     * batch, the changelog records in the same transaction as before); a close ends with it.
     */
    void flush() {
        if (!pending.isEmpty()) {
            states.putAll(pending);
            pending = new ArrayList<>();
        }
    }

    long approximateKeys() {
        return states.approximateNumEntries();
    }

    /** One key's entries as read by {@link #entries()}: either may be null; {@code open} is the live entry (read only). */
    record Entry(String key, byte[] state, KeyBuckets open) {
    }

    /**
     * Every key with a state or open buckets, each once: keys with a state in store order, then
     * new keys (open buckets but no state, found as the keys the pass did not see) in key order.
     * The key states are read as the caller goes, so a close holds only the keys it is working on;
     * the open buckets are the live entries in memory. Key states the caller writes back
     * ({@link #flush()}) meanwhile never disturb the iteration: they are keys already read (or new
     * keys, which come last); both store kinds iterate over the keys present when the iteration
     * began, and open-bucket entries made meanwhile count as seen. Starts a close: key-state writes
     * not yet flushed are dropped. Close the result.
     */
    Entries entries() {
        pending = new ArrayList<>();
        open.beginPass();
        return new Entries(states.all(), open);
    }

    /** The keys of one close, see {@link #entries()}. */
    static final class Entries implements Iterator<Entry>, AutoCloseable {

        private final KeyValueIterator<String, byte[]> states;
        private final OpenBuckets open;
        private Iterator<String> newKeys;

        private Entries(KeyValueIterator<String, byte[]> states, OpenBuckets open) {
            this.states = states;
            this.open = open;
        }

        @Override
        public boolean hasNext() {
            if (newKeys == null) {
                if (states.hasNext()) {
                    return true;
                }
                newKeys = open.unseen().iterator();
            }
            return newKeys.hasNext();
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (newKeys == null) {
                KeyValue<String, byte[]> kv = states.next();
                return new Entry(kv.key, kv.value, open.see(kv.key));
            }
            String key = newKeys.next();
            return new Entry(key, null, open.get(key));
        }

        @Override
        public void close() {
            states.close();
        }
    }

    /** Every saved state, for counting at start-up. */
    KeyValueIterator<String, byte[]> allStates() {
        return states.all();
    }

    private void unreadable(String key, String part, byte[] bytes, RuntimeException e) {
        metrics.keyStateUnreadable();
        LOG.error("discarding the unreadable {} of key '{}' ({} bytes); the key starts afresh: {}", part, LogText.escape(key),
                bytes.length, LogText.escape(e.getMessage()));
    }
}
