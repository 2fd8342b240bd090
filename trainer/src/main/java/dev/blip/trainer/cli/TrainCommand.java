package dev.blip.trainer.cli;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.Bucketer;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.BundleSignature;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.event.EventFormat;
import dev.blip.trainer.dataset.EventFileReader;
import dev.blip.trainer.dataset.InputException;
import dev.blip.trainer.dataset.KafkaHistory;
import dev.blip.trainer.dataset.Timestamps;
import dev.blip.trainer.export.ManifestPrinter;
import dev.blip.trainer.report.TrainingReport;
import dev.blip.trainer.train.ProgressListener;
import dev.blip.trainer.train.TrainOptions;
import dev.blip.trainer.train.TrainResult;
import dev.blip.trainer.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code train}: history in, one model bundle (plus a training report beside it) out. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train, calibrate and write one model bundle from event files, series files or a Kafka topic.")
final class TrainCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--events", arity = "1..*", description = "Event files: CSV (timestamp,key[,category]) or JSON Lines.")
        List<Path> events;

        @Option(names = "--series", arity = "1..*", description = "Series CSV files or directories (timestamp,value[,...]); one key per file.")
        List<Path> series;

        @ArgGroup(exclusive = false)
        KafkaInput kafka;
    }

    static final class KafkaInput {
        @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
        String bootstrapServers;

        @Option(names = "--topic", required = true, description = "Topic holding the event history.")
        String topic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = {"-o", "--output"}, required = true, description = "Bundle to write (a .zip).")
    Path output;

    @Option(names = "--report-dir", description = "Where the training report goes (default: <bundle>.report beside it).")
    Path reportDir;

    @Option(names = "--no-report", description = "Skip the training report images.")
    boolean noReport;

    @Option(names = "--keys", split = ",", description = "Only these keys (default: all).")
    Set<String> keys;

    @Option(names = "--categories", split = ",", description = "Event categories to count as extra features next to total.")
    List<String> categories = List.of();

    @Option(names = "--from", description = "Kafka: first event time to include (ISO-8601 or epoch ms).")
    String from;

    @Option(names = "--to", description = "Kafka: end of the time range, exclusive (ISO-8601 or epoch ms).")
    String to;

    @Option(names = "--key-field", description = "Kafka: JSON field holding the key (default: BLIP_KEY_FIELD if set, else the record key, else 'key').")
    String keyField;

    @Option(names = "--time-field", description = "Kafka: JSON field holding the event time (default: BLIP_TIME_FIELD if set, else the record timestamp).")
    String timeField;

    @Option(names = "--category-field", description = "Kafka: JSON field holding the category (default: BLIP_CATEGORY_FIELD if set).")
    String categoryField;

    @Option(names = "--sign-key", paramLabel = "PEM", description = "Sign the bundle with this Ed25519 private key "
            + "(PKCS#8 PEM, e.g. from 'openssl genpkey -algorithm ed25519'); scorers given the public key accept only signed bundles.")
    Path signKey;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = "Kafka: a consumer property, e.g. "
            + "security.protocol=SASL_SSL (repeatable); BLIP_KAFKA_<PROPERTY> environment variables (as the scorer reads them) "
            + "apply too, these win.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--skip-bad-records", paramLabel = "N", defaultValue = "0", description = "Kafka: skip up to N records "
            + "that cannot be parsed (each reported with topic, partition and offset); one more fails the run "
            + "(default: ${DEFAULT-VALUE}, the first bad record fails it).")
    long skipBadRecords;

    @Option(names = "--kafka-timeout", defaultValue = "PT30S", description = "Kafka: metadata/read timeout (default: ${DEFAULT-VALUE}).")
    Duration kafkaTimeout;

    @Mixin
    SeriesOptionsMixin seriesOptions;

    @Mixin
    TrainingOptionsMixin training;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();
    /** The process environment (tests pass their own): Kafka properties and field names default from it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean events = input.series == null;
        java.security.PrivateKey signer = signKey == null ? null : BundleSignature.readPrivateKey(signKey);
        ProgressListener listener = training.quiet ? ProgressListener.NONE : new ProgressBarListener(System.err, err);
        TrainOptions options = training.toOptions(events, listener);
        List<String> violations = options.violations();
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("invalid options: " + String.join("; ", violations));
        }
        List<CountSeries> series = filterKeys(events ? eventSeries(err) : fileSeries(err));
        TrainResult result = new Trainer(clock).train(series, options);
        result.skipped().forEach(s -> err.println("warning: skipped " + s));
        Object offered = result.manifest().training().get("trainingWindowsAvailable");
        if (offered != null) {
            err.println("note: " + result.trainingWindows() + " of " + offered + " training windows sampled ("
                    + result.manifest().training().get("windowSampling") + "); --max-windows raises the budget");
        }
        ModelBundle saved = BundleIO.save(result.manifest(), result.network(), output, signer);
        out.println("wrote " + output + " (model " + saved.version().substring(0, 12) + ", " + result.epochs().size()
                + " epochs, best " + result.bestEpoch() + ", " + result.trainingWindows() + " training windows, "
                + result.elapsed().toSeconds() + " s" + (signer == null ? "" : ", signed") + ")");
        out.println(result.underfit().describe());
        if (!noReport) {
            Path dir = reportDir != null ? reportDir : Path.of(output + ".report");
            TrainingReport.write(result, dir);
            out.println("report: " + dir);
        }
        ManifestPrinter.printCalibration(saved.manifest(), out);
        return ExitCodes.OK;
    }

    private List<CountSeries> fileSeries(PrintWriter err) {
        List<CountSeries> out = new ArrayList<>();
        for (Path root : input.series) {
            for (Path rel : SeriesOptionsMixin.csvFiles(root)) {
                var loaded = seriesOptions.loader(null).load(SeriesOptionsMixin.resolve(root, rel), rel.toString());
                loaded.warnings().forEach(w -> err.println("warning: " + w));
                out.add(loaded.series());
            }
        }
        return out;
    }

    private List<CountSeries> eventSeries(PrintWriter err) {
        BucketInterval interval = seriesOptions.interval() != null ? seriesOptions.interval() : BucketInterval.parse("1m");
        Bucketer bucketer = new Bucketer(interval, FeatureSpec.forEvents(categories));
        if (input.events != null) {
            EventFileReader reader = new EventFileReader(!categories.isEmpty());
            input.events.forEach(f -> reader.read(f, bucketer::add));
        } else {
            EventFormat format = new EventFormat(field(keyField, "BLIP_KEY_FIELD"), field(timeField, "BLIP_TIME_FIELD"),
                    field(categoryField, "BLIP_CATEGORY_FIELD"), null);
            if (skipBadRecords < 0) {
                throw new IllegalArgumentException("--skip-bad-records must be >= 0, got " + skipBadRecords);
            }
            KafkaHistory history = new KafkaHistory(new KafkaHistory.Options(input.kafka.bootstrapServers, input.kafka.topic,
                    time(from, "--from"), time(to, "--to"), format, kafkaTimeout, kafkaClientProperties(), skipBadRecords,
                    err::println));
            long n = history.read(bucketer::add);
            if (history.badRecords() > 0) {
                err.println("skipped " + history.badRecords() + " bad records (limit " + skipBadRecords + ")");
            }
            if (n == 0) {
                throw new InputException("topic " + input.kafka.topic, null, "empty_topic",
                        "no events in the requested range of the topic");
            }
            err.println("read " + n + " events from topic " + input.kafka.topic);
        }
        return new ArrayList<>(bucketer.series().values());
    }

    /** {@code BLIP_KAFKA_SASL_MECHANISM} becomes {@code sasl.mechanism}, as in the scorer; options win. */
    private Map<String, String> kafkaClientProperties() {
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("BLIP_KAFKA_")) {
                out.put(name.substring("BLIP_KAFKA_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
            }
        });
        out.putAll(kafkaProperties);
        return out;
    }

    /** An option's value, else the scorer's variable of the same meaning (so a CronJob shares the scorer's ConfigMap). */
    private String field(String option, String variable) {
        String v = option != null ? option : env.get(variable);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private List<CountSeries> filterKeys(List<CountSeries> all) {
        if (keys == null || keys.isEmpty()) {
            return all;
        }
        List<CountSeries> kept = all.stream().filter(s -> keys.contains(s.key())).toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("--keys: none of " + keys + " occurs in the input");
        }
        return kept;
    }

    private static Long time(String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
