package dev.blip.alerts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real delivery loop against a scripted Alertmanager (a local HTTP server) and a MockConsumer:
 * retries with backoff while paused, commits only after a successful post, skips refused and invalid
 * records. Timing is on a fake clock (see {@link SinkHarness}).
 */
class AlertSinkTest {

    static final Instant START = Instant.parse("2025-12-31T23:00:00Z");
    static final Instant END = Instant.parse("2025-12-31T23:30:00Z");

    /** Answers the given statuses in turn, then 200. */
    static java.util.function.Function<List<String>, Integer> statuses(Integer... s) {
        Iterator<Integer> it = List.of(s).iterator();
        return keys -> it.hasNext() ? it.next() : 200;
    }

    @Test
    void failedPostsAreRetriedWhilePausedAndCommittedOnlyAfterTheSuccess() throws Exception {
        try (SinkHarness h = new SinkHarness(statuses(503, 503),
                "BLIP_ALERTS_RETRY_INITIAL", "1s", "BLIP_ALERTS_RETRY_MAX", "4s")) {
            h.records(EpisodeJson.open("checkout", START, 0.9), EpisodeJson.closed("checkout", START, END, 0.9)).start();
            h.await("the commit", () -> h.events.contains("commit {anomalies-0=2}"));
            h.close();

            assertThat(h.events).containsExactly(
                    "POST [checkout, checkout] -> 503 at +0s",
                    "pause [anomalies-0]",
                    "POST [checkout, checkout] -> 503 at +1s",   // after retry.initial
                    "pause [anomalies-0]",
                    "POST [checkout, checkout] -> 200 at +3s",   // after twice that
                    "resume [anomalies-0]",
                    "commit {anomalies-0=2}");
            assertThat(h.consumer.pollsWhilePaused.get()).as("polls while paused (stays in the group)").isGreaterThanOrEqualTo(2);
            assertThat(h.consumer.paused()).isEmpty();
            assertThat(h.metrics.retries.count()).isEqualTo(2);
            assertThat(h.metrics.postsFailed.count()).isEqualTo(2);
            assertThat(h.metrics.postsOk.count()).isEqualTo(1);
            assertThat(h.metrics.recordsPosted.count()).isEqualTo(2);
            assertThat(h.metrics.open.get()).isZero();
            assertThat(h.sink.delivering()).isTrue();
        }
    }

    @Test
    void retryWaitsDoubleUpToRetryMaxAndResetAfterASuccess() throws Exception {
        try (SinkHarness h = new SinkHarness(statuses(503, 429, 503, 408, 200, 503),
                "BLIP_ALERTS_RETRY_INITIAL", "1s", "BLIP_ALERTS_RETRY_MAX", "2s")) {
            h.records(EpisodeJson.closed("a", START, END, 0.9))
                    .records(EpisodeJson.closed("b", START, END, 0.9)).start();   // b read while paused, returned after
            h.await("the second commit", () -> h.events.contains("commit {anomalies-0=2}"));
            h.close();

            List<String> posts = h.events.stream().filter(e -> e.startsWith("POST")).toList();
            assertThat(posts).containsExactly(
                    "POST [a] -> 503 at +0s",
                    "POST [a] -> 429 at +1s",
                    "POST [a] -> 503 at +3s",
                    "POST [a] -> 408 at +5s",    // capped at retry.max
                    "POST [a] -> 200 at +7s",
                    "POST [b] -> 503 at +7s",
                    "POST [b] -> 200 at +8s");   // retry.initial again after the success
            assertThat(h.metrics.retries.count()).isEqualTo(5);
        }
    }

    @Test
    void anAlertRefusedWith4xxIsSkippedAndTheOthersAreDelivered() throws Exception {
        try (SinkHarness h = new SinkHarness(keys -> keys.contains("bad") ? 400 : 200)) {
            h.records(EpisodeJson.open("bad", START, 0.9), EpisodeJson.closed("a", START, END, 0.9),
                    EpisodeJson.closed("c", START, END, 0.9)).start();
            h.await("the commit", () -> h.events.contains("commit {anomalies-0=3}"));
            // past a re-post interval (1 min): the refused open episode is not posted again
            h.await("a re-post interval", () -> h.elapsed() > 90);
            h.close();

            assertThat(h.events).containsExactly(
                    "POST [bad, a, c] -> 400 at +0s",
                    "POST [bad] -> 400 at +0s",
                    "commit {anomalies-0=1}",   // past the refused open record: it will never succeed
                    "POST [a] -> 200 at +0s",
                    "commit {anomalies-0=2}",
                    "POST [c] -> 200 at +0s",
                    "commit {anomalies-0=3}");
            assertThat(h.metrics.recordsRejected.count()).isEqualTo(1);
            assertThat(h.metrics.recordsPosted.count()).isEqualTo(2);
            assertThat(h.metrics.postsRejected.count()).isEqualTo(2);
            assertThat(h.metrics.postsOk.count()).isEqualTo(2);
            assertThat(h.metrics.retries.count()).isZero();
            assertThat(h.metrics.open.get()).isZero();
            assertThat(h.consumer.pollsWhilePaused.get()).isZero();
        }
    }

    @Test
    void invalidRecordsAreCountedAndSkipped() throws Exception {
        try (SinkHarness h = new SinkHarness(statuses())) {
            h.records("{broken", EpisodeJson.closed("x", START, END, 0.9), "{\"schema_version\":2}")
                    .records((String) null)   // a tombstone, alone in its poll: nothing to post
                    .records(EpisodeJson.closed("y", START, END, 0.9)).start();
            h.await("the last commit", () -> h.events.contains("commit {anomalies-0=5}"));
            assertThat(h.loopEnded()).isFalse();
            h.close();

            assertThat(h.events).containsExactly(
                    "POST [x] -> 200 at +0s",
                    "commit {anomalies-0=3}",
                    "commit {anomalies-0=4}",
                    "POST [y] -> 200 at +0s",
                    "commit {anomalies-0=5}");
            assertThat(h.metrics.recordsInvalid.count()).isEqualTo(3);
            assertThat(h.metrics.recordsPosted.count()).isEqualTo(2);
            assertThat(h.loopEnded()).isTrue();
        }
    }

    @Test
    void withGroupingANewEpisodeWaitsForAnIncidentThenIsPostedAlone() throws Exception {
        try (SinkHarness h = new SinkHarness(statuses(), "BLIP_ALERTS_GROUP_INCIDENTS", "true",
                "BLIP_ALERTS_INCIDENT_WAIT", "30s")) {
            h.records(EpisodeJson.open("solo", START, 0.9)).start();
            h.await("the post", () -> h.events.stream().anyMatch(e -> e.startsWith("POST")));
            h.close();

            String post = h.events.stream().filter(e -> e.startsWith("POST")).findFirst().orElseThrow();
            assertThat(post).as("held for the incident wait, then posted alone").matches("POST \\[solo\\] -> 200 at \\+3[01]s");
            assertThat(h.metrics.keysCovered.count()).isZero();
        }
    }

    @Test
    void aHeldEpisodeAlertmanagerRefusesIsSkippedNotRepostedForever() throws Exception {
        try (SinkHarness h = new SinkHarness(keys -> keys.contains("bad") ? 400 : 200, "BLIP_ALERTS_GROUP_INCIDENTS", "true",
                "BLIP_ALERTS_INCIDENT_WAIT", "5s", "BLIP_ALERTS_REPOST_INTERVAL", "10s")) {
            h.records(EpisodeJson.open("bad", START, 0.9)).start();
            h.await("five minutes of re-posts", () -> h.now.get().isAfter(SinkHarness.T0.plusSeconds(300)));
            h.close();

            assertThat(h.events.stream().filter(e -> e.startsWith("POST"))).as("refused once, then dropped")
                    .containsExactly("POST [bad] -> 400 at +5s", "POST [bad] -> 400 at +5s");
            assertThat(h.metrics.recordsRejected.count()).isEqualTo(1);
            assertThat(h.metrics.open.get()).isZero();
        }
    }
}
