package dev.blip.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;

/** {@code POST <url>/api/v2/alerts} with the JDK's HTTP client; tells success, retry and rejection apart. */
public final class AlertmanagerClient {

    /** What became of one POST. */
    public enum Outcome {
        /** 2xx: Alertmanager has the alerts. */
        OK,
        /**
         * Anything else: 5xx, 429, 408, a connection error or a timeout, and also a wrong URL, missing
         * auth or a redirect (3xx, 401, 403, 404, ...), which the operator fixes: skipping would lose
         * every alert until then. Failed posts are counted, so an alert rule sees the outage.
         */
        RETRY,
        /** 400, 413 or 422: Alertmanager refused these alerts themselves; resending them never succeeds. */
        REJECTED
    }

    /** @param detail the status and the start of the body, or the exception, for the log */
    public record Result(Outcome outcome, String detail) {
    }

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    public AlertmanagerClient(URI baseUrl, Duration timeout) {
        String base = baseUrl.toString();
        this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    public Result post(Collection<Alert> alerts) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Alert.body(alerts))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Result(Outcome.RETRY, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body().strip();
        String detail = "HTTP " + status + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(body.length(), 300)));
        if (status >= 200 && status < 300) {
            return new Result(Outcome.OK, detail);
        }
        if (status == 400 || status == 413 || status == 422) {
            return new Result(Outcome.REJECTED, detail);
        }
        return new Result(Outcome.RETRY, detail);
    }
}
