package dev.blip.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * {@code POST <url>/api/v2/alerts} with the JDK's HTTP client; tells success, retry and rejection
 * apart. With several URLs (the instances of an Alertmanager cluster) every alert goes to every
 * instance at once, as Prometheus sends its own, and the post succeeds when one instance took it:
 * the cluster shares it by gossip, and the re-posts of open alerts reach an instance that was down.
 */
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

    /** @param detail the status and the start of the body, or the exception, for the log (each instance's, with several) */
    public record Result(Outcome outcome, String detail) {
    }

    private final List<URI> endpoints;
    private final Duration timeout;
    private final HttpClient http;

    public AlertmanagerClient(URI baseUrl, Duration timeout) {
        this(List.of(baseUrl), timeout);
    }

    public AlertmanagerClient(List<URI> baseUrls, Duration timeout) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one Alertmanager URL");
        }
        List<URI> out = new ArrayList<>();
        for (URI baseUrl : baseUrls) {
            String base = baseUrl.toString();
            out.add(URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts"));
        }
        this.endpoints = List.copyOf(out);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public List<URI> endpoints() {
        return endpoints;
    }

    /**
     * Posts to every instance at once and waits for all. OK when one took the alerts; REJECTED when
     * every instance that answered refused them and none failed otherwise; else RETRY.
     */
    public Result post(Collection<Alert> alerts) throws InterruptedException {
        byte[] body = Alert.body(alerts);
        List<CompletableFuture<Result>> sent = new ArrayList<>();
        for (URI endpoint : endpoints) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            sent.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle(AlertmanagerClient::result));
        }
        List<Result> results = new ArrayList<>();
        try {
            for (CompletableFuture<Result> f : sent) {
                results.add(f.get());   // never fails: handle() turns every failure into a RETRY result
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            sent.forEach(f -> f.cancel(true));
            throw e;
        }
        return combine(results);
    }

    static Result combine(List<Result> results) {
        if (results.size() == 1) {
            return results.get(0);
        }
        StringBuilder detail = new StringBuilder();
        boolean ok = false;
        boolean retry = false;
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            ok |= r.outcome() == Outcome.OK;
            retry |= r.outcome() == Outcome.RETRY;
            detail.append(i == 0 ? "" : "; ").append('#').append(i + 1).append(' ').append(r.detail());
        }
        Outcome outcome = ok ? Outcome.OK : retry ? Outcome.RETRY : Outcome.REJECTED;
        return new Result(outcome, detail.toString());
    }

    private static Result result(HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof IOException || cause instanceof java.net.http.HttpTimeoutException) {
                return new Result(Outcome.RETRY, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            return new Result(Outcome.RETRY, cause.toString());
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
