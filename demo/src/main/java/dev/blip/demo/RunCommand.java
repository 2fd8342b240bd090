package dev.blip.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.model.train.TrainingEngine;
import dev.blip.core.synth.InjectedAnomaly;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.kafka.embedded.EmbeddedKafka;
import dev.blip.scorer.app.ScorerApp;
import dev.blip.scorer.config.ConfigLoader;
import dev.blip.trainer.cli.ProgressBarListener;
import dev.blip.trainer.train.ProgressListener;
import dev.blip.trainer.train.TrainOptions;
import dev.blip.trainer.train.TrainResult;
import dev.blip.trainer.train.Trainer;
import io.micrometer.core.instrument.Counter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The whole product in one process: a real Kafka broker, generated traffic with injected
 * anomalies, a model trained on the clean history, the streaming scorer, and a live table of
 * what it finds, ending with injected-vs-detected numbers.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the end-to-end demo on an embedded Kafka broker (or --bootstrap-servers).")
final class RunCommand implements Callable<Integer> {

    static final String EVENTS = "demo-events";
    static final String ANOMALIES = "demo-anomalies";
    static final String DLQ = "demo-dlq";
    static final String INCIDENTS = "demo-incidents";

    /** History buckets the scorer sees before the live day (one day of 5-minute buckets). */
    static final int WARM_UP_BUCKETS = 288;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of starting one in-process.")
    String bootstrapServers;

    @Option(names = "--short", description = "A smaller, faster run (used by the tests).")
    boolean quick;

    @Option(names = "--keep-running",
            description = "After the summary, keep the broker and the scorer (and its HTTP endpoints) up until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--quiet", description = "No training progress bar (for logs and CI).")
    boolean quiet;

    @Option(names = "--keys", description = "Override the number of keys.")
    Integer keys;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Port of the scorer's /metrics and /health endpoints; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--epochs", description = "Override the maximum training epochs.")
    Integer epochs;

    @Option(names = "--learning-rate", defaultValue = "0.003", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the traffic and the model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--training-engine", defaultValue = "auto",
            description = "auto: blip's own training pass; dl4j: DL4J's fit, for comparison (default: ${DEFAULT-VALUE}).")
    String trainingEngine;

    private final Clock clock;
    private final PrintWriter out;
    private DemoSummary summary;
    private String topicSuffix = "";

    RunCommand(Clock clock, PrintWriter out) {
        this.clock = clock;
        this.out = out;
    }

    /** The summary printed at the end of the last run (for tests). */
    DemoSummary summary() {
        return summary;
    }

    String anomaliesTopic() {
        return ANOMALIES + topicSuffix;
    }

    @Override
    public Integer call() throws Exception {
        DemoSettings s = quick ? DemoSettings.quick() : DemoSettings.full();
        if (keys != null) {
            s = new DemoSettings(keys, s.historyBuckets(), s.replayBuckets(), Math.max(4, keys / 4), s.windowLength(),
                    s.hidden(), s.epochs(), s.stride());
        }
        Path work = Files.createTempDirectory("blip-demo-");
        List<AutoCloseable> resources = new ArrayList<>();
        Thread cleanup = new Thread(() -> closeAll(resources, work), "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return run(s, work, resources);
        } finally {
            closeAll(resources, work);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is already running
            }
        }
    }

    private int run(DemoSettings s, Path work, List<AutoCloseable> resources) throws Exception {
        String bootstrap = bootstrapServers;
        if (bootstrap == null) {
            say("starting an embedded Kafka broker (KRaft) ...");
            EmbeddedKafka kafka = EmbeddedKafka.start();
            resources.add(kafka);
            bootstrap = kafka.bootstrapServers();
        } else {
            topicSuffix = "-" + clock.millis();
        }
        Topics.create(bootstrap, 4, EVENTS + topicSuffix, ANOMALIES + topicSuffix, DLQ + topicSuffix, INCIDENTS + topicSuffix);
        say("broker: " + bootstrap);

        BucketInterval interval = BucketInterval.parse("5m");
        int total = s.historyBuckets() + s.replayBuckets() + 2;
        long start = interval.bucketStart(clock.millis()) - (long) total * interval.millis();
        SyntheticTraffic.Result traffic = traffic(s, start, seed);
        List<InjectedAnomaly> truth = traffic.truth().stream()
                .filter(a -> a.endBucket() <= s.historyBuckets() + s.replayBuckets()).toList();
        say(String.format("generated %d keys x %d buckets of %s; %d anomalies injected into the last %d buckets",
                s.keys(), total, interval, truth.size(), s.replayBuckets()));

        Path model = train(traffic.series(), s, work);
        ScorerApp scorer = startScorer(bootstrap, model, work);
        resources.add(0, scorer);
        AnomalyTable table = new AnomalyTable(out);
        AnomalyFeed feed = new AnomalyFeed(bootstrap, anomaliesTopic(), table::print);
        resources.add(0, feed);

        // The scorer first sees the last day of history, as if it had been running for a day: its keys'
        // likelihood and range signals have learnt them when the live day starts.
        int from = s.historyBuckets() - WARM_UP_BUCKETS;
        say(String.format("replaying the last %d buckets of history, then %d buckets of live traffic through '%s' ...",
                WARM_UP_BUCKETS, s.replayBuckets(), EVENTS + topicSuffix));
        table.header();
        try (EventReplayer replayer = new EventReplayer(bootstrap, EVENTS + topicSuffix, seed)) {
            replayer.replay(traffic.series(), from, total, 0, b -> { });
            replayer.flush();
            if (!waitForScoring(scorer, (long) s.keys() * (total - from - 1))) {
                say("warning: the scorer had not closed every replayed bucket after 5 minutes; the summary is partial");
            }
            out.printf("%nproduced %d events%n", replayer.produced());
        }
        Thread.sleep(2_000);
        List<JsonNode> anomalies = feed.records();
        summary = DemoSummary.of(truth, anomalies, interval.millis(), s.windowLength());
        out.printf("%n%d episodes opened (%d records: one when an episode opens, one when it closes)%n",
                table.episodes(), table.records());
        out.print(summary.render());
        out.printf("%nmetrics: http://localhost:%d/metrics   health: http://localhost:%d/health/ready   model: http://localhost:%d/model%n",
                scorer.httpPort(), scorer.httpPort(), scorer.httpPort());
        if (keepRunning) {
            out.println("serving until Ctrl-C (the broker stays up at " + bootstrap + ")");
            out.flush();
            new java.util.concurrent.CountDownLatch(1).await();
        } else {
            out.println("(the endpoints close with the demo; --keep-running keeps them up until Ctrl-C)");
        }
        out.flush();
        return 0;
    }

    private Path train(List<CountSeries> series, DemoSettings s, Path work) throws IOException {
        List<CountSeries> history = series.stream().map(x -> x.slice(0, s.historyBuckets())).toList();
        say(String.format("training the LSTM autoencoder on the clean history (%d keys x %d buckets) ...",
                history.size(), s.historyBuckets()));
        TrainOptions options = trainOptions(s, seed, learningRate, epochs)
                .engine(TrainingEngine.parse(trainingEngine))
                .listener(quiet ? ProgressListener.NONE : new ProgressBarListener(System.err, out))
                .build();
        TrainResult result = new Trainer(clock).train(history, options);
        Path model = work.resolve("model.zip");
        ModelBundle bundle = BundleIO.save(result.bundle().manifest(), result.bundle().network(), model);
        say(String.format("model %s saved (%s); threshold %.4g; trained in %.1f s (%d epochs, %d training windows)",
                bundle.version().substring(0, 12), model, bundle.manifest().calibration().threshold(),
                result.elapsed().toMillis() / 1000.0, result.epochs().size(), result.trainingWindows()));
        return model;
    }

    /** The demo's traffic: {@code s.keys()} keys, history then replay (5-minute buckets), anomalies in the replay. */
    static SyntheticTraffic.Result traffic(DemoSettings s, long start, long seed) {
        int total = s.historyBuckets() + s.replayBuckets() + 2;
        return new SyntheticTraffic(s.keys(), total, BucketInterval.parse("5m"), start, 2, 200, 288,
                s.anomalies(), s.historyBuckets() + s.windowLength(), seed).generate();
    }

    /** The demo's training options (product defaults plus the demo's sizes). */
    static TrainOptions.Builder trainOptions(DemoSettings s, long seed, double learningRate, Integer epochs) {
        return TrainOptions.builder()
                .windowLength(s.windowLength())
                .hidden(List.of(s.hidden()))
                .epochs(epochs != null ? epochs : s.epochs())
                .learningRate(learningRate)
                .patience(3)
                .stride(s.stride())
                .batchSize(128)
                .seed(seed);
    }

    private ScorerApp startScorer(String bootstrap, Path model, Path work) throws InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_BOOTSTRAP_SERVERS", bootstrap);
        env.put("BLIP_APPLICATION_ID", "blip-demo" + topicSuffix);
        env.put("BLIP_INPUT_TOPIC", EVENTS + topicSuffix);
        env.put("BLIP_OUTPUT_TOPIC", anomaliesTopic());
        env.put("BLIP_DLQ_TOPIC", DLQ + topicSuffix);
        env.put("BLIP_INCIDENTS_TOPIC", INCIDENTS + topicSuffix);
        env.put("BLIP_MODEL_PATH", model.toString());
        env.put("BLIP_STATE_DIR", work.resolve("state").toString());
        env.put("BLIP_HTTP_PORT", Integer.toString(httpPort));
        env.put("BLIP_KAFKA_COMMIT_INTERVAL_MS", "200");
        say("starting the scorer (Kafka Streams) ...");
        ScorerApp app = ScorerApp.start(ConfigLoader.load(env, null));
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the scorer did not reach RUNNING within 60 s (state " + app.state() + ")");
        }
        return app;
    }

    private static boolean waitForScoring(ScorerApp scorer, long buckets) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            double closed = scorer.registry().find("blip.buckets.closed").counters().stream()
                    .mapToDouble(Counter::count).sum();
            if (closed >= buckets) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private void say(String line) {
        out.println("[blip] " + line);
        out.flush();
    }

    private static void closeAll(List<AutoCloseable> resources, Path work) {
        synchronized (resources) {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e.getMessage());
                }
            }
            resources.clear();
            Cleanup.deleteTree(work);
        }
    }
}
