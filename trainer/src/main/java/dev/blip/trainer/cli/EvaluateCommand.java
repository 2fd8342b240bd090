package dev.blip.trainer.cli;

import dev.blip.trainer.dataset.InputException;
import dev.blip.trainer.dataset.CsvTable;
import dev.blip.trainer.evaluate.Counts;
import dev.blip.trainer.evaluate.DetectionCsv;
import dev.blip.trainer.evaluate.Evaluation;
import dev.blip.trainer.evaluate.Evaluator;
import dev.blip.trainer.evaluate.Labels;
import dev.blip.trainer.evaluate.ZScoreBaseline;
import dev.blip.trainer.report.EvaluationReport;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code evaluate}: detect's output plus labels in; out, for the model and the rolling z-score
 * baseline: precision/recall/F1 (point-wise and event-wise) and the NAB score at each one's own
 * threshold, and the NAB score per profile with NAB's corpus-wide threshold sweep over its score
 * column (also for any {@code --score-column}); a report (Markdown, CSV, JSON, HTML, one PNG per
 * series).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate detect output against labelled anomaly windows, next to a z-score baseline: "
                + "precision/recall/F1 and the NAB score (own threshold, and NAB's corpus-wide sweep per profile).")
final class EvaluateCommand implements Callable<Integer> {

    static final class LabelSource {
        @Option(names = "--labels", description = "NAB-style labels.json (relative file path -> [[start, end], ...]).")
        Path labels;

        @Option(names = "--label-column", description = "Name of a 0/1 label column in the original input files (needs --inputs).")
        String labelColumn;
    }

    @Option(names = "--scores", required = true, description = "detect output: a CSV file or a directory tree of them.")
    Path scores;

    @ArgGroup(exclusive = true, multiplicity = "1")
    LabelSource labels;

    @Option(names = "--inputs", description = "Root of the original input files (for --label-column).")
    Path inputs;

    @Option(names = "--report", defaultValue = "evaluation-report", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--probation-fraction", defaultValue = "0.15",
            description = "Leading fraction of each file not evaluated (the training prefix) (default: ${DEFAULT-VALUE}).")
    double probationFraction;

    @Option(names = "--probation-max-rows", defaultValue = "750", description = "Cap on the probationary rows (default: ${DEFAULT-VALUE}).")
    int probationMaxRows;

    @Option(names = "--baseline-window", defaultValue = "32", description = "Rolling window of the z-score baseline (default: ${DEFAULT-VALUE}).")
    int baselineWindow;

    @Option(names = "--baseline-quantile", defaultValue = "0.995",
            description = "Baseline threshold: this quantile of z over the training prefix (default: ${DEFAULT-VALUE}).")
    double baselineQuantile;

    @Option(names = "--score-column", split = ",", paramLabel = "NAME",
            description = "Extra per-row score column(s) of the scored files to score as detectors of their own "
                    + "(NAB with the corpus-wide sweep, for ablations); repeatable or comma-separated.")
    List<String> scoreColumns = new ArrayList<>();

    @Option(names = "--min-f1", description = "Exit 1 when the model's event-wise F1 is below this.")
    Double minF1;

    @Option(names = "--no-plots", description = "Skip the per-series PNGs.")
    boolean noPlots;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Labels nab = labels.labels != null ? Labels.readNab(labels.labels) : null;
        if (labels.labelColumn != null && inputs == null) {
            throw new IllegalArgumentException("--label-column needs --inputs (the original files holding the column)");
        }
        Evaluator evaluator = new Evaluator(probationFraction, probationMaxRows, new ZScoreBaseline(baselineWindow, baselineQuantile));
        List<Evaluation.Entry> entries = new ArrayList<>();
        for (Path rel : SeriesOptionsMixin.csvFiles(scores)) {
            String name = Files.isRegularFile(scores) ? rel.toString() : rel.toString().replace('\\', '/');
            DetectionCsv.Scored scored = DetectionCsv.read(SeriesOptionsMixin.resolve(scores, rel), scoreColumns);
            List<Labels.Window> windows = nab != null ? nabWindows(nab, name) : columnWindows(rel, scored);
            if (windows == null) {
                spec.commandLine().getErr().println("warning: no labels for " + name + "; skipped");
                continue;
            }
            entries.add(evaluator.evaluate(name, scored, windows));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("--scores: no scored file under " + scores + " has labels");
        }
        Evaluation e = evaluator.summarise(entries);
        EvaluationReport.write(e, report, !noPlots);
        out.println("evaluated " + entries.size() + " file(s); report: " + report.resolve("summary.md"));
        out.print(EvaluationReport.summary(e));
        out.flush();
        return checkMinF1(e.modelCounts());
    }

    private static List<Labels.Window> nabWindows(Labels nab, String name) {
        return nab.has(name) ? nab.windows(name) : null;
    }

    private List<Labels.Window> columnWindows(Path rel, DetectionCsv.Scored scored) {
        Path original = SeriesOptionsMixin.resolve(inputs, rel);
        CsvTable csv = CsvTable.read(original);
        int col = csv.requireColumn(labels.labelColumn);
        if (csv.rows().size() != scored.rows()) {
            throw new InputException(original.toString(), null, "row_mismatch", "has " + csv.rows().size()
                    + " rows but the scored file has " + scored.rows());
        }
        boolean[] flags = new boolean[scored.rows()];
        for (int i = 0; i < flags.length; i++) {
            String v = csv.rows().get(i)[col].trim();
            if (!v.equals("0") && !v.equals("1")) {
                throw InputException.atLine(original, csv.line(i), "invalid_label", "column '" + labels.labelColumn
                        + "' must be 0 or 1, got '" + v + "'");
            }
            flags[i] = v.equals("1");
        }
        return Labels.fromFlags(scored.timestamps(), flags);
    }

    private int checkMinF1(Counts c) {
        if (minF1 != null && !(c.eventF1() >= minF1)) {
            throw new ErrorHandler.EvaluationFailedException(String.format(Locale.ROOT,
                    "event-wise F1 %.3f is below --min-f1 %.3f", c.eventF1(), minF1));
        }
        return ExitCodes.OK;
    }
}
