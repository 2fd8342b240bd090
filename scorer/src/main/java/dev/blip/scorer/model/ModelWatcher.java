package dev.blip.scorer.model;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.io.LogText;
import dev.blip.scorer.metrics.ScorerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Polls the bundle file (modification time and size, then a SHA-256 of the content when those
 * changed) and loads a changed bundle on its own thread, never on a stream thread. A valid bundle
 * is swapped into the {@link ModelHolder}; an invalid one is refused (logged, counted as
 * {@code blip_model_reloads_total{result="failure"}}) and the old model keeps serving. A refused
 * file is not retried until it changes again. Whatever loading throws, {@link Error}s such as
 * {@code OutOfMemoryError} or {@code StackOverflowError} included, is a refused bundle: the
 * watcher thread never dies, so a later valid bundle is still picked up.
 */
public final class ModelWatcher implements AutoCloseable {

    /** What one check found. */
    public enum Result { UNCHANGED, SWAPPED, REFUSED }

    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);

    private final Path path;
    private final ModelHolder holder;
    private final ScorerMetrics metrics;
    private final Function<Path, ModelBundle> loader;
    private ScheduledExecutorService executor;
    private String stamp;
    private String hash;

    public ModelWatcher(Path path, ModelHolder holder, ScorerMetrics metrics) {
        this(path, holder, metrics, BundleIO::load);
    }

    /** @param loader loads and validates a bundle (e.g. {@code BundleIO.load} with a required signer) */
    public ModelWatcher(Path path, ModelHolder holder, ScorerMetrics metrics, Function<Path, ModelBundle> loader) {
        this.path = path;
        this.holder = holder;
        this.metrics = metrics;
        this.loader = loader;
        this.stamp = stamp();
        this.hash = hashOrNull();
    }

    /** Checks every {@code interval} on a daemon thread until closed. */
    public synchronized ModelWatcher start(Duration interval) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blip-model-watcher");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(this::safeCheck, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    private void safeCheck() {
        try {
            check();
        } catch (Throwable e) {
            // Never let the scheduled task end: a throwing task is not run again.
            LOG.error("model watcher check failed: {}", LogText.escape(String.valueOf(e)));
        }
    }

    /** One poll; public so tests can drive it without waiting. */
    public synchronized Result check() {
        String now = stamp();
        if (now.equals(stamp)) {
            return Result.UNCHANGED;
        }
        stamp = now;
        String newHash = hashOrNull();
        if (newHash != null && newHash.equals(hash)) {
            return Result.UNCHANGED;
        }
        hash = newHash;
        try {
            ModelBundle bundle = loader.apply(path);
            ServingModel previous = holder.current();
            holder.swap(bundle);
            metrics.modelReload(true);
            LOG.info("model {} replaced by {} from {}", previous.version(), bundle.version(), path);
            return Result.SWAPPED;
        } catch (Throwable e) {
            metrics.modelReload(false);
            String reason = e instanceof RuntimeException && e.getMessage() != null ? e.getMessage() : e.toString();
            LOG.error("refused new model bundle at {}, still serving {}: {}", path, holder.current().version(),
                    LogText.escape(reason, 2_000));
            return Result.REFUSED;
        }
    }

    private String stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }

    private String hashOrNull() {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
