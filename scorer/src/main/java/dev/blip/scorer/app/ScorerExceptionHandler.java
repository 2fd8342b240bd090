package dev.blip.scorer.app;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What happens when a stream thread dies. Bad records never get here (they go to the dead-letter
 * topic), so what does is either transient (a retriable Kafka error such as a timeout while the
 * broker restarts) or a bug / resource problem. Transient errors replace the thread: its tasks
 * are restored from their changelogs and resume from the last committed offsets, which under
 * exactly-once loses and duplicates nothing. Anything else, or more than {@link #MAX_REPLACEMENTS}
 * replacements within {@link #WINDOW_MILLIS}, shuts the client down so the process exits non-zero
 * and the orchestrator restarts it, rather than spinning on a poisoned state.
 */
public final class ScorerExceptionHandler implements StreamsUncaughtExceptionHandler {

    static final int MAX_REPLACEMENTS = 5;
    static final long WINDOW_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(ScorerExceptionHandler.class);

    private final Clock clock;
    private final Deque<Long> replacements = new ArrayDeque<>();

    public ScorerExceptionHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable e) {
        long now = clock.millis();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW_MILLIS) {
            replacements.removeFirst();
        }
        if (isTransient(e) && replacements.size() < MAX_REPLACEMENTS) {
            replacements.addLast(now);
            LOG.warn("stream thread failed with a transient error, replacing it: {}", e.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("stream thread failed; shutting the scorer down", e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
