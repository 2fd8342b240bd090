package dev.blip.alerts;

import dev.blip.alerts.config.AlertsConfig;
import dev.blip.alerts.config.ConfigException;

import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code java -jar alerts.jar}: configuration from {@code BLIP_ALERTS_*} environment variables (see
 * {@code docs/alerts.md}). Exit codes: 0 stopped by SIGTERM/SIGINT, 1 the HTTP port cannot be
 * opened, 2 invalid configuration (every violation printed, one per line).
 */
public final class AlertsMain {

    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CONFIG = 2;

    private AlertsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) throws InterruptedException {
        AlertsApp app;
        try {
            app = start(args, env);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return EXIT_CONFIG;
        } catch (UncheckedIOException e) {
            System.err.println(e.getMessage());
            return EXIT_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "blip-alerts-shutdown"));
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> app.close());
        }
        app.await();
        return 0;
    }

    /** Reads the configuration and starts the sink; integration tests start it this way. */
    public static AlertsApp start(String[] args, Map<String, String> env) {
        return AlertsApp.start(AlertsConfig.load(args, env));
    }
}
