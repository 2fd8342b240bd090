package dev.blip.trainer.cli;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.trainer.dataset.LoadedSeries;
import dev.blip.trainer.evaluate.Detection;
import dev.blip.trainer.evaluate.DetectionCsv;
import dev.blip.trainer.evaluate.OfflineDetector;
import dev.blip.trainer.evaluate.PrefixTraining;
import dev.blip.trainer.train.ProgressListener;
import dev.blip.trainer.train.TrainOptions;
import dev.blip.trainer.train.Trainer;
import dev.blip.trainer.train.UnderfitException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code detect}: scores a series file or a directory tree of them through the streaming code
 * path and writes one CSV per input file, mirroring the tree. With {@code --train-fraction} a
 * model is trained per file on its first fraction (capped at {@code --train-max-rows} rows);
 * nothing after that prefix is seen in training or calibration.
 */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score series files with a bundle, or with a model trained on each file's prefix.")
final class DetectCommand implements Callable<Integer> {

    static final class ModelSource {
        @Option(names = "--model", description = "Model bundle to score with.")
        Path model;

        @Option(names = "--train-fraction", description = "Train a model per file on this first fraction of its rows.")
        Double trainFraction;
    }

    @Option(names = "--input", required = true, description = "A series CSV file or a directory of them.")
    Path input;

    @Option(names = "--output", required = true, description = "Output CSV file (for a file input) or directory.")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelSource source;

    @Option(names = "--train-max-rows", description = "With --train-fraction: at most this many training rows per file.")
    Integer trainMaxRows;

    @Mixin
    SeriesOptionsMixin seriesOptions;

    @Mixin
    TrainingOptionsMixin training;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelBundle fixed = source.model != null ? BundleIO.load(source.model) : null;
        List<Path> files = SeriesOptionsMixin.csvFiles(input);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--input: no .csv files under " + input);
        }
        boolean singleFile = Files.isRegularFile(input);
        int underfit = 0;
        for (Path rel : files) {
            Path in = SeriesOptionsMixin.resolve(input, rel);
            Path target = singleFile && !Files.isDirectory(output) ? output : output.resolve(rel);
            LoadedSeries loaded = seriesOptions.loader(fixed == null ? null : fixed.interval()).load(in, rel.toString());
            loaded.warnings().forEach(w -> err.println("warning: " + w));
            ModelBundle bundle = fixed;
            if (bundle != null && bundle.features().size() != loaded.series().featureCount()) {
                throw new dev.blip.trainer.dataset.InputException(in.toString(), "line 1", "feature_mismatch",
                        "the file has value columns " + loaded.table().columns() + " but the model expects "
                                + bundle.features().size() + " feature(s) " + bundle.features().names()
                                + " (choose columns with --value-columns)");
            }
            if (bundle == null) {
                try {
                    bundle = trainOnPrefix(loaded, err);
                } catch (UnderfitException e) {
                    err.println("error: " + in + ": " + e.getMessage());
                    underfit++;
                    continue;
                }
            }
            Detection d = new OfflineDetector(bundle).detect(loaded);
            DetectionCsv.write(target, loaded.table(), d);
            out.printf(Locale.ROOT, "%s: %d rows, %d flagged -> %s%n", rel, d.score().length, count(d.anomaly()), target);
        }
        out.flush();
        if (underfit > 0) {
            err.println("error: " + underfit + " of " + files.size() + " file(s) underfit and were not scored"
                    + " (pass --allow-underfit to score them anyway)");
            return ExitCodes.UNDERFIT_OR_EVALUATION;
        }
        return ExitCodes.OK;
    }

    private void validate() {
        if (source.trainFraction != null && !(source.trainFraction > 0 && source.trainFraction < 1)) {
            throw new IllegalArgumentException("--train-fraction: must be in (0, 1), got " + source.trainFraction);
        }
        if (trainMaxRows != null && (source.trainFraction == null || trainMaxRows < 2)) {
            throw new IllegalArgumentException("--train-max-rows: needs --train-fraction and a value >= 2, got " + trainMaxRows);
        }
    }

    /** Trains on the file's prefix (see {@link PrefixTraining}). */
    private ModelBundle trainOnPrefix(LoadedSeries loaded, PrintWriter err) {
        var result = new PrefixTraining(source.trainFraction, trainMaxRows)
                .train(loaded, training.toOptions(false, ProgressListener.NONE), new Trainer(clock));
        if (!result.underfit().passed()) {
            err.println("warning: " + loaded.table().file() + ": " + result.underfit().describe());
        }
        return result.bundle();
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
