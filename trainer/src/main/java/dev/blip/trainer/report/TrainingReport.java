package dev.blip.trainer.report;

import dev.blip.core.score.Calibration;
import dev.blip.core.score.WindowScore;
import dev.blip.trainer.train.EpochStats;
import dev.blip.trainer.train.TrainResult;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The pictures beside a bundle: {@code loss.png} (training and validation loss per epoch),
 * {@code validation-errors.png} (histogram of validation raw scores with the threshold) and
 * {@code worst-N.png} (the worst-reconstructed validation windows, actual vs expected counts).
 */
public final class TrainingReport {

    static final int WORST = 4;
    private static final int BINS = 40;

    private TrainingReport() {
    }

    /** @return the files written */
    public static List<Path> write(TrainResult result, Path dir) {
        List<Path> out = new ArrayList<>();
        out.add(loss(result.epochs(), dir.resolve("loss.png")));
        out.add(histogram(result.validationScores(), result.manifest().calibration(), dir.resolve("validation-errors.png")));
        List<WindowScore> worst = result.validationScores().stream()
                .sorted(Comparator.comparingDouble(WindowScore::rawScore).reversed()).limit(WORST).toList();
        for (int i = 0; i < worst.size(); i++) {
            out.add(window(worst.get(i), result.manifest().features().get(0), dir.resolve("worst-" + (i + 1) + ".png")));
        }
        return out;
    }

    private static Path loss(List<EpochStats> epochs, Path file) {
        XYChart chart = Charts.xy("Loss per epoch (MSE, transformed space)", "epoch", "MSE", 800, 450);
        double[] x = epochs.stream().mapToDouble(EpochStats::epoch).toArray();
        chart.addSeries("training", x, epochs.stream().mapToDouble(EpochStats::trainLoss).toArray());
        chart.addSeries("validation", x, epochs.stream().mapToDouble(EpochStats::validationLoss).toArray());
        Charts.png(chart, file);
        return file;
    }

    private static Path histogram(List<WindowScore> scores, Calibration c, Path file) {
        double max = Math.max(c.threshold(), scores.stream().mapToDouble(WindowScore::rawScore).max().orElse(1)) * 1.05;
        double width = max / BINS;
        List<String> labels = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<Integer> marker = new ArrayList<>();
        int thresholdBin = (int) Math.min(BINS - 1, c.threshold() / width);
        for (int b = 0; b < BINS; b++) {
            labels.add(String.format(Locale.ROOT, "%.3g", (b + 0.5) * width));
            counts.add(0);
            marker.add(b == thresholdBin ? 0 : null);
        }
        for (WindowScore s : scores) {
            int b = (int) Math.min(BINS - 1, s.rawScore() / width);
            counts.set(b, counts.get(b) + 1);
        }
        int top = counts.stream().mapToInt(Integer::intValue).max().orElse(1);
        marker.set(thresholdBin, top);
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450)
                .title(String.format(Locale.ROOT, "Validation raw scores (%d windows), threshold %.4g (%s)", scores.size(),
                        c.threshold(), c.method().name().toLowerCase(Locale.ROOT)))
                .xAxisTitle("raw score").yAxisTitle("windows").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setXAxisTickMarkSpacingHint(60);
        chart.addSeries("windows", labels, counts);
        chart.addSeries("threshold", labels, marker.stream().map(v -> v == null ? 0 : v).toList());
        Charts.png(chart, file);
        return file;
    }

    private static Path window(WindowScore s, String feature, Path file) {
        XYChart chart = Charts.xy(String.format(Locale.ROOT, "%s window ending %s: raw score %.4g, anomaly score %.3f",
                s.key(), java.time.Instant.ofEpochMilli(s.endBucketStart()), s.rawScore(), s.anomalyScore()),
                "step", feature, 900, 400);
        int len = s.actual().length;
        double[] x = new double[len];
        double[] actual = new double[len];
        double[] expected = new double[len];
        for (int t = 0; t < len; t++) {
            x[t] = t;
            actual[t] = s.actual()[t][0];
            expected[t] = s.expected()[t][0];
        }
        chart.addSeries("actual", x, actual).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        chart.addSeries("expected", x, expected).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        Charts.png(chart, file);
        return file;
    }
}
