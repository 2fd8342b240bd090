package dev.blip.scorer.app;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

class ScorerExceptionHandlerTest {

    final ScorerExceptionHandler handler = new ScorerExceptionHandler(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    @Test
    void transientErrorsReplaceTheThreadButNotForever() {
        StreamsException wrapped = new StreamsException("commit failed", new TimeoutException("broker restarting"));
        for (int i = 0; i < ScorerExceptionHandler.MAX_REPLACEMENTS; i++) {
            assertThat(handler.handle(wrapped)).isEqualTo(REPLACE_THREAD);
        }
        assertThat(handler.handle(wrapped)).as("a replacement storm stops the client").isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void otherErrorsShutTheClientDown() {
        assertThat(handler.handle(new IllegalStateException("bug"))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(handler.handle(new StreamsException(new OutOfMemoryError()))).isEqualTo(SHUTDOWN_CLIENT);
    }
}
