package dev.blip.scorer.app;

import dev.blip.core.bundle.BundleException;
import dev.blip.scorer.config.ConfigException;
import dev.blip.scorer.config.ConfigLoader;
import dev.blip.scorer.config.ScorerConfig;

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
        System.exit(run(args, System.getenv()));
    }

    /** Runs until stopped; returns the exit code. */
    static int run(String[] args, java.util.Map<String, String> env) throws InterruptedException {
        ScorerConfig config;
        try {
            config = ConfigLoader.load(args, env);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        ScorerApp app;
        try {
            app = ScorerApp.start(config);
        } catch (BundleException e) {
            System.err.println("cannot load the model bundle " + config.modelPath() + ": " + e.getMessage());
            return EXIT_BUNDLE;
        }
        Thread hook = new Thread(app::close, "blip-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean failed = app.awaitStop();
        if (failed) {
            app.close();
            return EXIT_FAILED;
        }
        return 0;
    }
}
