package dev.blip.scorer.topology;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.Map;

/**
 * A state store that holds nothing and runs its task's write-behind flush when Kafka Streams
 * flushes the task's caches. Kafka Streams does that before every commit, ahead of flushing the
 * record collector: entries written to a logged, uncached store from {@link #flushCache()} are
 * in the changelog of the same transaction as the offsets committed. That is what makes
 * {@link OpenBuckets} exact under exactly-once.
 *
 * <p>Kafka Streams has no public "before commit" callback; this relies on its
 * {@code CachedStateStore} contract (an internal interface, stable since 2.x, checked against the
 * pinned version by the crash-recovery and restart tests). {@link #clearCache()} (a task closed
 * dirty: its transaction is aborted) drops what was not flushed.
 */
final class CommitHook implements StateStore, CachedStateStore<Object, Object> {

    /** What runs before each commit of the task. */
    interface Flushable {
        void flush();

        void discard();
    }

    private final String name;
    private Flushable bound;
    private boolean open;

    CommitHook(String name) {
        this.name = name;
    }

    /** Binds the task's write-behind state (its processor's, once per processor init). */
    void bind(Flushable flushable) {
        this.bound = flushable;
    }

    @Override
    public void flushCache() {
        if (bound != null) {
            bound.flush();
        }
    }

    @Override
    public void clearCache() {
        if (bound != null) {
            bound.discard();
        }
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {
        });
        open = true;
    }

    @Override
    public void close() {
        bound = null;
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Builds the hook (nothing to cache or log). */
    static StoreBuilder<CommitHook> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<CommitHook> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException("the commit hook holds nothing to log");
            }

            @Override
            public StoreBuilder<CommitHook> withLoggingDisabled() {
                return this;
            }

            @Override
            public CommitHook build() {
                return new CommitHook(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
