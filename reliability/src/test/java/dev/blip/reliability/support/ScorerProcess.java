package dev.blip.reliability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real scorer as a separate JVM ({@code java -jar scorer/target/scorer.jar}, configured only
 * through {@code BLIP_*} environment variables), so that SIGKILL kills exactly what production
 * would lose: the process, its open transaction and its local RocksDB files mid-write.
 */
public final class ScorerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ScorerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The jar the reactor built (the failsafe configuration passes its path). */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("scorer.jar", "../scorer/target/scorer.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("scorer jar not found at " + jar + " (build the scorer module first)");
        }
        return jar;
    }

    /**
     * Starts the scorer with {@code env} (BLIP_HTTP_PORT is chosen here), logging to {@code log}.
     *
     * @param heap the -Xmx value, e.g. "1g"
     */
    public static ScorerProcess start(Map<String, String> env, Path log, String heap) {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx" + heap, "-XX:+UseG1GC"));
        java.net.URL logging = ScorerProcess.class.getResource("/scorer-logback.xml");
        if (logging != null) {
            cmd.add("-Dlogback.configurationFile=" + logging);
        }
        if (System.getProperty("blip.fetch.debug") != null) {
            cmd.add("-Dblip.fetch.debug=" + System.getProperty("blip.fetch.debug"));
        }
        cmd.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("BLIP_"));
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().putAll(env);
        pb.environment().put("BLIP_HTTP_PORT", Integer.toString(port));
        try {
            Files.createDirectories(log.getParent());
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new ScorerProcess(pb.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scorer: " + e.getMessage(), e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until /health/ready answers 200 (Kafka Streams RUNNING, model loaded). */
    public ScorerProcess awaitReady(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("scorer exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            if (status("/health/ready") == 200) {
                return this;
            }
            sleep(200);
        }
        throw new IllegalStateException("scorer not ready within " + timeout + "; see " + log);
    }

    public int status(String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The real /metrics endpoint, parsed. */
    public PromMetrics metrics() {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + r.statusCode());
            }
            return PromMetrics.parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape /metrics of the scorer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook runs, the open transaction is left to the broker to abort. */
    public void kill() {
        process.destroyForcibly();
        waitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: the shutdown hook closes Kafka Streams cleanly (commit, checkpoint). */
    public int stop() {
        process.destroy();
        return waitExit(Duration.ofSeconds(60));
    }

    private int waitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a jcmd command against the scorer JVM (heap measurements). */
    public String jcmd(String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid()));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
