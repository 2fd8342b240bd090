package dev.blip.trainer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Locale;

/**
 * The evaluation report: {@code summary.md} (aggregate and per-file tables), {@code summary.csv}
 * and {@code summary.json} (the same numbers, machine-readable), {@code index.html}
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
        write(dir.resolve("summary.csv"), csv(e));
        write(dir.resolve("summary.json"), json(e));
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

    /** Both tables: verdicts at each detector's own threshold, then NAB with the corpus-wide sweep. */
    public static String summary(Evaluation e) {
        StringBuilder s = new StringBuilder();
        s.append("At each detector's own threshold (the model's is_anomaly; the baseline's quantile of z over the "
                + "training prefix):\n\n");
        s.append("| detector | point P | point R | point F1 | event P | event R | event F1 | windows found | false alarms "
                + "| NAB standard, own threshold |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Evaluation.DetectorResult d : e.detectors()) {
            if (d.ownCounts() != null) {
                s.append(line(d.name(), d.ownCounts(), d.ownNab().get(NabScore.Profile.STANDARD).normalised()));
            }
        }
        s.append(String.format(Locale.ROOT, "%nNAB score with NAB's corpus-wide threshold sweep (per detector and profile, "
                + "the one threshold on the score column that maximises the summed raw score over all %d files; "
                + "0 = null detector, 100 = perfect; event counts at the standard profile's threshold):%n%n", e.files().size()));
        s.append("| detector | score column | NAB standard | threshold | NAB low FP | threshold | NAB low FN | threshold "
                + "| event P | event R | event F1 | windows found | false alarms |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Evaluation.DetectorResult d : e.detectors()) {
            s.append("| ").append(d.name()).append(" | ").append(d.scoreColumn()).append(" |");
            for (NabScore.Profile p : NabScore.Profile.ALL) {
                NabScore.Result r = d.swept().get(p);
                s.append(String.format(Locale.ROOT, " %.2f | %s |", r.normalised(), threshold(r.threshold())));
            }
            Counts c = d.sweptCounts().get(NabScore.Profile.STANDARD);
            s.append(String.format(Locale.ROOT, " %s | %s | %s | %d/%d | %d |%n", f(c.eventPrecision()), f(c.eventRecall()),
                    f(c.eventF1()), c.eventTp(), c.eventTp() + c.eventFn(), c.eventFp()));
        }
        return s.toString();
    }

    private static String line(String name, Counts c, double nab) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d/%d | %d | %.2f |%n", name,
                f(c.precision()), f(c.recall()), f(c.f1()), f(c.eventPrecision()), f(c.eventRecall()), f(c.eventF1()),
                c.eventTp(), c.eventTp() + c.eventFn(), c.eventFp(), nab);
    }

    static String threshold(double t) {
        return t == Double.POSITIVE_INFINITY ? "none" : String.format(Locale.ROOT, "%.6g", t);
    }

    private static String perFile(Evaluation e) {
        Evaluation.DetectorResult model = e.detectors().get(0);
        Evaluation.DetectorResult base = e.detectors().get(1);
        List<NabScore.FileResult> m = model.swept().get(NabScore.Profile.STANDARD).files();
        List<NabScore.FileResult> b = base.swept().get(NabScore.Profile.STANDARD).files();
        StringBuilder s = new StringBuilder("Per file (found / false alarms at the detector's own threshold; NAB raw "
                + "standard at the swept threshold):\n\n| file | rows | windows | model found | model false alarms | "
                + "model NAB raw | baseline found | baseline false alarms | baseline NAB raw |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < e.files().size(); i++) {
            FileEvaluation mf = e.files().get(i).model();
            FileEvaluation bf = e.files().get(i).baseline();
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %d | %d | %.3f |%n", mf.file(), mf.rows(),
                    mf.counts().eventTp() + mf.counts().eventFn(), mf.counts().eventTp(), mf.counts().eventFp(),
                    m.get(i).raw(), bf.counts().eventTp(), bf.counts().eventFp(), b.get(i).raw()));
        }
        return s.toString();
    }

    /** One row per detector, profile and threshold kind ({@code own} / {@code swept}): for ablation tables. */
    public static String csv(Evaluation e) {
        StringBuilder s = new StringBuilder("detector,score_column,profile,threshold_kind,threshold,nab_score,raw,null_raw,"
                + "perfect_raw,windows,windows_detected,fp_rows,point_precision,point_recall,point_f1,event_precision,"
                + "event_recall,event_f1,event_windows_found,event_windows,event_false_alarms,files\n");
        for (Evaluation.DetectorResult d : e.detectors()) {
            for (NabScore.Profile p : NabScore.Profile.ALL) {
                if (d.ownNab() != null) {
                    s.append(csvRow(d, p, "own", d.ownNab().get(p), d.ownCounts(), e.files().size()));
                }
                s.append(csvRow(d, p, "swept", d.swept().get(p), d.sweptCounts().get(p), e.files().size()));
            }
        }
        return s.toString();
    }

    private static String csvRow(Evaluation.DetectorResult d, NabScore.Profile p, String kind, NabScore.Result r, Counts c,
                                 int files) {
        String t = kind.equals("own") ? "" : r.detectsNothing() ? "inf" : num(r.threshold());
        return String.join(",", quoteCsv(d.name()), quoteCsv(d.scoreColumn()), p.name(), kind, t, num(r.normalised()),
                num(r.raw()), num(r.nullRaw()), num(r.perfectRaw()), Integer.toString(r.windows()),
                Integer.toString(r.windowsDetected()), Long.toString(r.fpRows()), num(c.precision()), num(c.recall()),
                num(c.f1()), num(c.eventPrecision()), num(c.eventRecall()), num(c.eventF1()), Long.toString(c.eventTp()),
                Long.toString(c.eventTp() + c.eventFn()), Long.toString(c.eventFp()), Integer.toString(files)) + "\n";
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String quoteCsv(String v) {
        return v.indexOf(',') >= 0 || v.indexOf('"') >= 0 ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    /** The same numbers as JSON, with per-file NAB raw scores at each swept threshold. */
    public static String json(Evaluation e) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("files", e.files().size());
        root.put("windows", e.windows());
        ArrayNode dets = root.putArray("detectors");
        for (Evaluation.DetectorResult d : e.detectors()) {
            ObjectNode dn = dets.addObject();
            dn.put("name", d.name());
            dn.put("score_column", d.scoreColumn());
            if (d.ownNab() != null) {
                ObjectNode own = dn.putObject("own_threshold");
                counts(own.putObject("counts"), d.ownCounts());
                ObjectNode nab = own.putObject("nab");
                for (NabScore.Profile p : NabScore.Profile.ALL) {
                    result(nab.putObject(p.name()), d.ownNab().get(p), false);
                }
            }
            ObjectNode swept = dn.putObject("swept");
            for (NabScore.Profile p : NabScore.Profile.ALL) {
                ObjectNode pn = swept.putObject(p.name());
                result(pn, d.swept().get(p), true);
                counts(pn.putObject("counts"), d.sweptCounts().get(p));
            }
        }
        try {
            return om.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void result(ObjectNode n, NabScore.Result r, boolean withThreshold) {
        if (withThreshold) {
            if (r.detectsNothing()) {
                n.putNull("threshold");
            } else {
                n.put("threshold", r.threshold());
            }
            n.put("detects_nothing", r.detectsNothing());
        }
        put(n, "score", r.normalised());
        n.put("raw", r.raw());
        n.put("null_raw", r.nullRaw());
        n.put("perfect_raw", r.perfectRaw());
        n.put("windows", r.windows());
        n.put("windows_detected", r.windowsDetected());
        n.put("fp_rows", r.fpRows());
        ObjectNode per = n.putObject("raw_per_file");
        for (NabScore.FileResult f : r.files()) {
            per.put(f.file(), f.raw());
        }
    }

    private static void counts(ObjectNode n, Counts c) {
        put(n, "point_precision", c.precision());
        put(n, "point_recall", c.recall());
        put(n, "point_f1", c.f1());
        put(n, "event_precision", c.eventPrecision());
        put(n, "event_recall", c.eventRecall());
        put(n, "event_f1", c.eventF1());
        n.put("windows_found", c.eventTp());
        n.put("windows", c.eventTp() + c.eventFn());
        n.put("false_alarms", c.eventFp());
    }

    private static void put(ObjectNode n, String k, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
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
