package dev.blip.trainer.cli;

import dev.blip.trainer.train.EpochStats;
import dev.blip.trainer.train.ProgressListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * One progress bar per epoch (windows done, windows/s, ETA, running loss, last validation loss)
 * on stderr, plus a summary line per epoch. {@code --quiet} replaces it with nothing.
 */
public final class ProgressBarListener implements ProgressListener {

    private final PrintStream console;
    private final PrintWriter log;
    private ProgressBar bar;
    private int epochs;
    private int windows;
    private double lossSum;
    private int batches;
    private String lastValidation = "-";

    public ProgressBarListener(PrintStream console, PrintWriter log) {
        this.console = console;
        this.log = log;
    }

    @Override
    public void onStart(int totalEpochs, int trainingWindows, int batchesPerEpoch) {
        this.epochs = totalEpochs;
        this.windows = trainingWindows;
        log.printf(Locale.ROOT, "training on %d windows, %d batches per epoch, up to %d epochs%n",
                trainingWindows, batchesPerEpoch, totalEpochs);
        log.flush();
    }

    @Override
    public void onBatch(int epoch, int batch, int n, double loss) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(windows).setUnit(" win", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(console)).setUpdateIntervalMillis(250).build();
            lossSum = 0;
            batches = 0;
        }
        lossSum += loss;
        batches++;
        bar.stepBy(n);
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4g val %s", lossSum / batches, lastValidation));
    }

    @Override
    public void onEpoch(EpochStats s) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        lastValidation = String.format(Locale.ROOT, "%.4g", s.validationLoss());
        log.printf(Locale.ROOT, "epoch %d: loss %.5g, validation %.5g%s, %.0f windows/s%n", s.epoch(), s.trainLoss(),
                s.validationLoss(), s.improved() ? " (best)" : "", s.windowsPerSecond());
        log.flush();
    }
}
