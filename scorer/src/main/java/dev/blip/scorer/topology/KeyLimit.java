package dev.blip.scorer.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The most keys one scorer instance tracks, shared by its tasks. Keys are input: a producer that
 * puts a new key on every event would otherwise grow the key states until the heap (or the disk)
 * runs out, and a scorer that restores them at start would run out again, forever. Events of a key
 * new to the instance are refused once it tracks the limit; keys evicted after the TTL make room.
 * Each task reports how many keys it holds (exactly at each close, plus the keys it admitted since).
 */
final class KeyLimit {

    /** Heap per key budgeted for the default limit: the key state, its open buckets, transients. */
    static final long HEAP_PER_KEY_IN_MEMORY = 4_096;
    /** Open buckets stay on the heap, decoded ({@link OpenBuckets}), with RocksDB too. */
    static final long HEAP_PER_KEY_ROCKSDB = 2_048;

    private final long limit;
    private final AtomicLong keys = new AtomicLong();

    KeyLimit(long limit) {
        this.limit = limit;
    }

    /** The limit for a {@code max.keys} setting: itself, or for 0 what the heap holds at the budget per key. */
    static long of(int setting, boolean keyStatesInMemory) {
        if (setting > 0) {
            return setting;
        }
        return Runtime.getRuntime().maxMemory() / (keyStatesInMemory ? HEAP_PER_KEY_IN_MEMORY : HEAP_PER_KEY_ROCKSDB);
    }

    /** One task's share: what it reported last, kept up to date by the task's own thread. */
    final class Share {
        private long held;

        /** The task holds exactly {@code now} keys (after a close). */
        void holds(long now) {
            keys.addAndGet(now - held);
            held = now;
        }

        /** Admits one key new to the task, or says no when the instance is at its limit. */
        boolean admit() {
            if (keys.incrementAndGet() > limit) {
                keys.decrementAndGet();
                return false;
            }
            held++;
            return true;
        }

        /** The instance's limit. */
        long limit() {
            return limit;
        }

        /** The task left this instance (closed, or moved by a rebalance). */
        void release() {
            holds(0);
        }
    }

    Share share() {
        return new Share();
    }
}
