package dev.blip.scorer.app;

import dev.blip.core.bundle.BundleException;
import dev.blip.core.bundle.SerialFilter;
import dev.blip.scorer.config.ConfigException;
import dev.blip.scorer.config.ConfigLoader;
import dev.blip.scorer.config.ScorerConfig;

import java.util.Map;

/**
 * {@code java -jar scorer.jar [--config FILE]}: configuration from {@code BLIP_*} environment
 * variables (see {@code docs/scorer.md}). Exit codes: 0 stopped by a signal, 1 Kafka Streams
 * failed, 2 invalid configuration, 3 unusable model bundle.
 */
public final class ScorerMain {

    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_BUNDLE = 3;

    private ScorerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SerialFilter.installProcessWide();
        System.exit(run(args, System.getenv(), true));
    }

    /** Runs until stopped; returns the exit code. */
    static int run(String[] args, Map<String, String> env) throws InterruptedException {
        return run(args, env, false);
    }

    /**
     * With {@code handleSignals}, SIGTERM and SIGINT close the app and {@code main} returns 0
     * itself: left to the JVM, a signal starts the shutdown sequence and the process ends with
     * 143 (128 + 15) whatever the shutdown hook does.
     */
    private static int run(String[] args, Map<String, String> env, boolean handleSignals) throws InterruptedException {
        ScorerApp app;
        try {
            app = start(args, env);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return EXIT_CONFIG;
        } catch (BundleException e) {
            System.err.println("cannot load the model bundle: " + e.getMessage());
            return EXIT_BUNDLE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "blip-shutdown"));
        if (handleSignals) {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> app.close());
            }
        }
        boolean failed = app.awaitStop();
        if (failed) {
            app.close();
            return EXIT_FAILED;
        }
        return 0;
    }

    /**
     * What {@code main} does before it waits: read the configuration from the arguments and the
     * environment and start the app. Integration tests and the demo start the scorer this way.
     *
     * @throws ConfigException when the configuration is invalid (every violation listed)
     * @throws BundleException when the model bundle cannot be used
     */
    public static ScorerApp start(String[] args, Map<String, String> env) {
        ScorerConfig config = ConfigLoader.load(args, env);
        return ScorerApp.start(config);
    }
}
