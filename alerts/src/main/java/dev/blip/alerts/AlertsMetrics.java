package dev.blip.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/** The sink's meters (no per-key tags); names and meanings in {@code docs/alerts.md}. */
final class AlertsMetrics {

    final Counter postsOk;
    final Counter postsFailed;
    final Counter postsRejected;
    final Counter retries;
    final Counter recordsPosted;
    final Counter recordsInvalid;
    final Counter recordsRejected;
    final Counter reposts;
    final Counter keysCovered;
    final AtomicLong incidents = new AtomicLong();
    final AtomicLong open = new AtomicLong();
    final AtomicLong lag = new AtomicLong();

    AlertsMetrics(MeterRegistry r) {
        postsOk = post(r, "ok");
        postsFailed = post(r, "failed");
        postsRejected = post(r, "rejected");
        retries = Counter.builder("blip_alerts_retries").description("POSTs retried after a failure (5xx, connection error, timeout)")
                .register(r);
        recordsPosted = record(r, "posted");
        recordsInvalid = record(r, "invalid");
        recordsRejected = record(r, "rejected");
        reposts = Counter.builder("blip_alerts_reposts").description("re-posts of the open episodes").register(r);
        keysCovered = Counter.builder("blip_alerts_keys_covered")
                .description("episodes whose own alert was not posted because an incident alert covers them").register(r);
        Gauge.builder("blip_alerts_incidents_open", incidents, AtomicLong::get)
                .description("incidents open in this instance (some covered episode still open)").register(r);
        Gauge.builder("blip_alerts_open", open, AtomicLong::get).description("episodes open in this instance").register(r);
        Gauge.builder("blip_alerts_consumer_lag", lag, AtomicLong::get)
                .description("records of the anomalies topic not yet read by this instance").register(r);
    }

    private static Counter post(MeterRegistry r, String result) {
        return Counter.builder("blip_alerts_posts").tag("result", result)
                .description("POSTs to Alertmanager by result: ok (2xx), failed (retried), rejected (4xx, skipped)").register(r);
    }

    private static Counter record(MeterRegistry r, String result) {
        return Counter.builder("blip_alerts_records").tag("result", result)
                .description("anomaly records by result: posted, invalid (not an episode record, skipped), rejected (4xx, skipped)")
                .register(r);
    }
}
