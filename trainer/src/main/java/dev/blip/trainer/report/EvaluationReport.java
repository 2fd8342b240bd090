package dev.blip.trainer.report;

import dev.blip.trainer.evaluate.Counts;
import dev.blip.core.io.AtomicFiles;
import dev.blip.trainer.evaluate.Evaluation;
import dev.blip.trainer.evaluate.FileEvaluation;
import dev.blip.trainer.evaluate.Labels;
import dev.blip.trainer.evaluate.NabScore;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.Locale;

/**
 * The evaluation report: {@code summary.md} (aggregate and per-file tables), {@code index.html}
 * (the same table with every plot inline) and one {@code plots/<file>.png} per series showing
 * the values, the model's anomaly score and threshold, and the labelled windows.
 */
public final class EvaluationReport {

    private EvaluationReport() {
    }

    public static Path write(Evaluation e, Path dir, boolean plots) {
        StringBuilder md = new StringBuilder();
        md.append(summary(e)).append('\n').append(perFile(e));
        write(dir.resolve("summary.md"), md.toString());
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>blip evaluation</title>"
                + "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:right}</style>");
        html.append("<h1>blip evaluation</h1><pre>").append(escape(md.toString())).append("</pre>");
        for (Evaluation.Entry entry : e.files()) {
            if (plots) {
                String png = "plots/" + entry.model().file().replace('/', '_') + ".png";
                plot(entry, dir.resolve(png));
                html.append("<h3>").append(escape(entry.model().file())).append("</h3><img src=\"").append(png).append("\">");
            }
        }
        write(dir.resolve("index.html"), html.toString());
        return dir.resolve("summary.md");
    }

    public static String summary(Evaluation e) {
        StringBuilder s = new StringBuilder();
        s.append("| detector | point P | point R | point F1 | event P | event R | event F1 | windows found | false alarms | NAB (standard) |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|\n");
        s.append(line("LSTM autoencoder", e.modelCounts(), e.modelNab()));
        s.append(line("rolling z-score baseline", e.baselineCounts(), e.baselineNab()));
        return s.toString();
    }

    private static String line(String name, Counts c, NabScore.Result nab) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d/%d | %d | %.1f |%n", name,
                f(c.precision()), f(c.recall()), f(c.f1()), f(c.eventPrecision()), f(c.eventRecall()), f(c.eventF1()),
                c.eventTp(), c.eventTp() + c.eventFn(), c.eventFp(), nab.normalised());
    }

    private static String perFile(Evaluation e) {
        StringBuilder s = new StringBuilder("| file | rows | windows | LSTM found | LSTM false alarms | LSTM NAB raw | "
                + "baseline found | baseline false alarms | baseline NAB raw |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Evaluation.Entry x : e.files()) {
            FileEvaluation m = x.model();
            FileEvaluation b = x.baseline();
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f | %d | %d | %.2f |%n", m.file(), m.rows(),
                    m.nab().windows(), m.counts().eventTp(), m.counts().eventFp(), m.nab().raw(), b.counts().eventTp(),
                    b.counts().eventFp(), b.nab().raw()));
        }
        return s.toString();
    }

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void plot(Evaluation.Entry entry, Path file) {
        long[] ts = entry.scored().timestamps();
        Date[] x = new Date[ts.length];
        double[] band = new double[ts.length];
        double[] alerts = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            x[i] = new Date(ts[i]);
            for (Labels.Window w : entry.labels()) {
                band[i] = w.contains(ts[i]) ? 1 : band[i];
            }
            alerts[i] = entry.scored().anomaly()[i] ? 1.05 : Double.NaN;
        }
        XYChart chart = Charts.xy(entry.model().file(), "time (UTC)", "value", 1400, 500);
        chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        chart.setYAxisGroupTitle(1, "anomaly score / label");
        add(chart, "labelled window", x, band, 1).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        add(chart, "value", x, entry.scored().values(), 0);
        add(chart, "anomaly score", x, entry.scored().score(), 1);
        double threshold = lowestAlertScore(entry);
        if (!Double.isNaN(threshold)) {
            double[] line = new double[ts.length];
            java.util.Arrays.fill(line, threshold);
            add(chart, "threshold (lowest alert score)", x, line, 1);
        }
        XYSeries alert = add(chart, "alert", x, alerts, 1);
        alert.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        alert.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        Charts.png(chart, file);
    }

    /** The model's threshold in score space is not in the CSV; the lowest score that alerted bounds it. */
    private static double lowestAlertScore(Evaluation.Entry entry) {
        double min = Double.NaN;
        for (int i = 0; i < entry.scored().rows(); i++) {
            if (entry.scored().anomaly()[i] && !(entry.scored().score()[i] >= min)) {
                min = entry.scored().score()[i];
            }
        }
        return min;
    }

    private static XYSeries add(XYChart chart, String name, Date[] x, double[] y, int group) {
        XYSeries s = chart.addSeries(name, java.util.Arrays.asList(x), java.util.Arrays.stream(y).boxed().toList());
        s.setYAxisGroup(group);
        s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        return s;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void write(Path file, String text) {
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
