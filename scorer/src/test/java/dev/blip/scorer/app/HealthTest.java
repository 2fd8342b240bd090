package dev.blip.scorer.app;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTest {

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aScorerThatNeverReachesKafkaIsNotReadyAtOnceAndNotLiveAfterTheTimeout() {
        Manual clock = new Manual();
        Health h = new Health(clock, Duration.ofMinutes(5));
        h.onState(State.REBALANCING);
        assertThat(h.ready()).isFalse();
        assertThat(h.live()).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(h.live()).as("at the timeout").isTrue();
        clock.now = clock.now.plusMillis(1);
        assertThat(h.live()).as("past the timeout").isFalse();
        h.onState(State.RUNNING);
        assertThat(h.live()).isTrue();
        assertThat(h.ready()).isTrue();
    }

    @Test
    void theTimeoutCountsFromWhenTheStreamLeftRunning() {
        Manual clock = new Manual();
        Health h = new Health(clock, Duration.ofMinutes(5));
        h.onState(State.RUNNING);
        clock.now = clock.now.plus(Duration.ofHours(1));
        h.onState(State.REBALANCING);
        assertThat(h.ready()).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(h.live()).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(h.live()).isFalse();
    }

    @Test
    void aZeroTimeoutKeepsItLiveAndOnlyRunningIsReady() {
        Manual clock = new Manual();
        Health h = new Health(clock, Duration.ZERO);
        for (State s : State.values()) {
            h.onState(s);
            clock.now = clock.now.plus(Duration.ofDays(1));
            assertThat(h.live()).as(s.name()).isTrue();
            assertThat(h.ready()).as(s.name()).isEqualTo(s == State.RUNNING);
        }
    }
}
