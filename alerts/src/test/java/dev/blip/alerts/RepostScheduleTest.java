package dev.blip.alerts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RepostScheduleTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void dueOneIntervalAfterTheLastSuccessfulPost() {
        RepostSchedule s = new RepostSchedule(Duration.ofMinutes(1), T0);
        assertThat(s.due(T0.plusSeconds(59))).isFalse();
        assertThat(s.until(T0.plusSeconds(59))).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.due(T0.plusSeconds(60))).isTrue();
        assertThat(s.until(T0.plusSeconds(61))).isZero();
        // a failed re-post leaves it due; the success at 90 s moves the next one to 150 s
        s.posted(T0.plusSeconds(90));
        assertThat(s.due(T0.plusSeconds(149))).isFalse();
        assertThat(s.due(T0.plusSeconds(150))).isTrue();
    }

    @Test
    void backoffDoublesUpToItsBoundAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(3));
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
    }
}
