package dev.blip.trainer.cli;

import dev.blip.core.bundle.ModelBundle;
import dev.blip.trainer.dataset.LoadedSeries;
import dev.blip.trainer.evaluate.Ablation;
import dev.blip.trainer.evaluate.FileEvaluation;
import dev.blip.trainer.evaluate.Labels;
import dev.blip.trainer.evaluate.NabScore;
import dev.blip.trainer.evaluate.PrefixTraining;
import dev.blip.trainer.train.ProgressListener;
import dev.blip.trainer.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ablate}: trains one model per labelled series file on its prefix (as {@code detect
 * --train-fraction} does) and reports the NAB score, with NAB's corpus-wide threshold sweep, of the
 * full detector and of its parts (see {@link Ablation}), so what the LSTM adds is measured on the
 * same files, buckets and prefixes.
 */
@Command(name = "ablate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "NAB scores of the full detector and of its parts (LSTM alone, range alone, z-score with the same"
                + " post-processing) on labelled series files, one model per file trained on its prefix.")
final class AblateCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "A directory of series CSV files (e.g. the NAB data).")
    Path input;

    @Option(names = "--labels", required = true, description = "NAB-style labels.json (relative file path -> [[start, end], ...]).")
    Path labels;

    @Option(names = "--train-fraction", defaultValue = "0.15",
            description = "Leading fraction of each file's rows to train on; also the probationary period (default: ${DEFAULT-VALUE}).")
    double trainFraction;

    @Option(names = "--train-max-rows", defaultValue = "750", description = "Cap on the training rows (default: ${DEFAULT-VALUE}).")
    int trainMaxRows;

    @Mixin
    SeriesOptionsMixin seriesOptions;

    @Mixin
    TrainingOptionsMixin training;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Labels truth = Labels.readNab(labels);
        PrefixTraining prefix = new PrefixTraining(trainFraction, trainMaxRows);
        Map<String, List<NabScore.File>> byVariant = new LinkedHashMap<>();
        Ablation.VARIANTS.forEach(v -> byVariant.put(v, new ArrayList<>()));
        long started = System.nanoTime();
        for (Path rel : SeriesOptionsMixin.csvFiles(input)) {
            String name = rel.toString().replace('\\', '/');
            if (!truth.has(name)) {
                continue;
            }
            long t0 = System.nanoTime();
            LoadedSeries loaded = seriesOptions.loader(null).load(input.resolve(rel), name);
            int rows = loaded.rowBucket().length;
            ModelBundle bundle = prefix.bundle(loaded, training.toOptions(false, ProgressListener.NONE).toBuilder()
                    .allowUnderfit(true).build(), new Trainer());
            int probation = FileEvaluation.probation(rows, trainFraction, trainMaxRows);
            long[] timestamps = loaded.table().timestamps();
            Ablation.rowScores(bundle, loaded, prefix.rows(rows)).forEach((variant, scores) -> byVariant.get(variant)
                    .add(NabScore.File.of(name, timestamps, scores, truth.windows(name), probation)));
            out.printf(Locale.ROOT, "%s: %d rows, %.1f s%n", name, rows, (System.nanoTime() - t0) / 1e9);
            out.flush();
        }
        out.printf(Locale.ROOT, "%n%-34s %9s %9s %9s %8s %8s%n", "variant (swept threshold)", "standard", "low FP", "low FN",
                "windows", "FP rows");
        byVariant.forEach((variant, files) -> {
            Map<NabScore.Profile, NabScore.Result> r = NabScore.sweepAll(files, NabScore.Profile.ALL);
            NabScore.Result std = r.get(NabScore.Profile.STANDARD);
            out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %9.2f %4d/%-3d %8d%n", variant, std.normalised(),
                    r.get(NabScore.Profile.REWARD_LOW_FP).normalised(), r.get(NabScore.Profile.REWARD_LOW_FN).normalised(),
                    std.windowsDetected(), std.windows(), std.fpRows());
        });
        out.printf(Locale.ROOT, "%ntotal %.0f s%n", (System.nanoTime() - started) / 1e9);
        out.flush();
        return ExitCodes.OK;
    }
}
