package dev.blip.scorer.topology;

import dev.blip.core.bucket.KeyBuckets;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's open-bucket entries, decoded, in front of their logged store: an event reads and
 * updates its key's entry here (one hash lookup, no decoding or encoding), and the entries
 * changed since the last commit are encoded and written to the store once, just before the
 * commit ({@link CommitHook}), so the changelog holds every counted event in the transaction
 * that commits its offset. Deletions go to the store at once. Loaded from the store (restored
 * from its changelog) when the task's processor starts; a task closed dirty aborts its
 * transaction and starts again from the restored store, so nothing unflushed survives it.
 */
final class OpenBuckets implements CommitHook.Flushable {

    /** Receives an entry that cannot be decoded (it is deleted). */
    interface Unreadable {
        void entry(String key, byte[] bytes, RuntimeException e);
    }

    private static final class Slot {
        final String key;
        KeyBuckets buckets;
        boolean dirty;
        /** The last pass that saw this key ({@link #see}), or the pass under way when the entry was made. */
        long seen;

        Slot(String key, KeyBuckets buckets, long seen) {
            this.key = key;
            this.buckets = buckets;
            this.seen = seen;
        }
    }

    private final KeyValueStore<String, byte[]> store;
    private final Map<String, Slot> slots = new HashMap<>();
    private List<Slot> dirty = new ArrayList<>();
    private long pass;

    /** Reads every entry of the store; unreadable ones are reported and deleted. */
    OpenBuckets(KeyValueStore<String, byte[]> store, Unreadable unreadable) {
        this.store = store;
        List<String> bad = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                try {
                    slots.put(kv.key, new Slot(kv.key, KeyBuckets.fromBytes(kv.value), pass));
                } catch (RuntimeException e) {
                    unreadable.entry(kv.key, kv.value, e);
                    bad.add(kv.key);
                }
            }
        }
        bad.forEach(store::delete);
    }

    /** The key's open buckets (the live entry: {@link #put} it after changing it), or null. */
    KeyBuckets get(String key) {
        Slot s = slots.get(key);
        return s == null ? null : s.buckets;
    }

    /** Sets the key's entry; written to the store before the next commit. */
    void put(String key, KeyBuckets buckets) {
        Slot s = slots.get(key);
        if (s == null) {
            s = new Slot(key, buckets, pass);
            slots.put(key, s);
        } else {
            s.buckets = buckets;
        }
        if (!s.dirty) {
            s.dirty = true;
            dirty.add(s);
        }
    }

    /** Deletes the key's entry, in the store too (now). */
    void delete(String key) {
        Slot s = slots.remove(key);
        if (s != null) {
            s.dirty = false;
            store.delete(key);
        }
    }

    /**
     * Starts a pass over the task's keys (a close): keys the pass {@link #see}s, and entries made
     * while it goes on, are not {@link #unseen()} at its end.
     */
    void beginPass() {
        pass++;
    }

    /** The key's open buckets (live: read only), or null; marks the key seen by the pass. */
    KeyBuckets see(String key) {
        Slot s = slots.get(key);
        if (s == null) {
            return null;
        }
        s.seen = pass;
        return s.buckets;
    }

    /** Keys with open buckets that the pass has not seen, in key order (a list: entries may change meanwhile). */
    List<String> unseen() {
        List<String> keys = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.seen != pass) {
                keys.add(s.key);
            }
        }
        Collections.sort(keys);
        return keys;
    }

    int size() {
        return slots.size();
    }

    /** Writes the entries changed since the last flush to the store (and its changelog). */
    @Override
    public void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        List<KeyValue<String, byte[]>> batch = new ArrayList<>(dirty.size());
        for (Slot s : dirty) {
            if (s.dirty) {
                s.dirty = false;
                batch.add(KeyValue.pair(s.key, s.buckets.toBytes()));
            }
        }
        dirty = new ArrayList<>();
        store.putAll(batch);
    }

    /** Forgets unflushed changes: the task's transaction was aborted (it restarts from the restored store). */
    @Override
    public void discard() {
        for (Slot s : dirty) {
            s.dirty = false;
        }
        dirty = new ArrayList<>();
    }
}
