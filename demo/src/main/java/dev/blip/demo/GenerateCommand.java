package dev.blip.demo;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.synth.InjectedAnomaly;
import dev.blip.core.synth.SyntheticTraffic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The demo's traffic as a service: backfills some history as fast as the broker takes it, then
 * keeps producing in (optionally accelerated) real time. Used by the docker-compose stack.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Produce realistic synthetic event traffic with injected anomalies to a Kafka topic.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "events", description = "Topic to produce to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--keys", defaultValue = "200", description = "Number of keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--interval", defaultValue = "1m", description = "Bucket interval of the traffic model (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--history", defaultValue = "2880",
            description = "Buckets of history to backfill before going live (default: ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--duration", defaultValue = "10080",
            description = "Live buckets to produce before stopping (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--speed", defaultValue = "1",
            description = "Simulated seconds per wall-clock second in the live phase (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--anomalies", defaultValue = "20", description = "Anomalies to inject in the live phase (default: ${DEFAULT-VALUE}).")
    int anomalies;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    private final Clock clock;
    private final PrintWriter out;

    GenerateCommand(Clock clock, PrintWriter out) {
        this.clock = clock;
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        BucketInterval width = BucketInterval.parse(interval);
        long now = width.bucketStart(clock.millis());
        long start = now - (long) history * width.millis();
        SyntheticTraffic traffic = new SyntheticTraffic(keys, history + duration, width, start, 1, 200,
                (int) (86_400_000L / width.millis()), anomalies, history, seed);
        SyntheticTraffic.Result result = traffic.generate();
        out.printf("generating %d keys, %d history + %d live buckets of %s to '%s'%n", keys, history, duration, width, topic);
        for (InjectedAnomaly a : result.truth()) {
            out.printf("  will inject %-16s on %s at %s%n", a.kind(), a.key(), Instant.ofEpochMilli(a.startMillis()));
        }
        out.flush();
        try (EventReplayer replayer = new EventReplayer(bootstrapServers, topic, seed)) {
            replayer.replay(result.series(), 0, history, 0, b -> { });
            out.printf("history done: %d events%n", replayer.produced());
            out.flush();
            replayer.replay(result.series(), history, history + duration, speed, b -> { });
            out.printf("done: %d events%n", replayer.produced());
        }
        return 0;
    }
}
