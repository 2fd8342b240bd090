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
 * Training progress: on a terminal, one progress bar per epoch (windows done, windows/s, ETA,
 * running loss, last validation loss) on stderr; anywhere else (a redirected log, CI) a plain line
 * every {@value #LINE_EVERY_MILLIS} ms instead, never carriage-return frames. Either way a summary
 * line per epoch. {@code --quiet} replaces it with nothing.
 */
public final class ProgressBarListener implements ProgressListener {

    static final long LINE_EVERY_MILLIS = 10_000;

    private final PrintStream console;
    private final PrintWriter log;
    private final boolean terminal;
    private ProgressBar bar;
    private boolean inEpoch;
    private int done;
    private long epochStarted;
    private long lastLine;
    private int epochs;
    private int windows;
    private double lossSum;
    private int batches;
    private String lastValidation = "-";

    /** A bar when this JVM runs on a terminal, plain lines otherwise. */
    public ProgressBarListener(PrintStream console, PrintWriter log) {
        this(console, log, System.console() != null);
    }

    ProgressBarListener(PrintStream console, PrintWriter log, boolean terminal) {
        this.console = console;
        this.log = log;
        this.terminal = terminal;
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
        if (!inEpoch) {
            inEpoch = true;
            done = 0;
            lossSum = 0;
            batches = 0;
            epochStarted = System.nanoTime();
            lastLine = epochStarted;
            if (terminal) {
                bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                        .setInitialMax(windows).setUnit(" win", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new ConsoleProgressBarConsumer(console)).setUpdateIntervalMillis(250).build();
            }
        }
        lossSum += loss;
        batches++;
        done += n;
        if (bar != null) {
            bar.stepBy(n);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4g val %s", lossSum / batches, lastValidation));
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine >= LINE_EVERY_MILLIS * 1_000_000L) {
            lastLine = now;
            console.printf(Locale.ROOT, "epoch %d/%d: %d of %d windows, %.0f windows/s, loss %.4g, val %s%n", epoch, epochs, done,
                    windows, done / ((now - epochStarted) / 1e9), lossSum / batches, lastValidation);
        }
    }

    @Override
    public void onEpoch(EpochStats s) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        inEpoch = false;
        lastValidation = String.format(Locale.ROOT, "%.4g", s.validationLoss());
        log.printf(Locale.ROOT, "epoch %d: loss %.5g, validation %.5g%s, %.0f windows/s%n", s.epoch(), s.trainLoss(),
                s.validationLoss(), s.improved() ? " (best)" : "", s.windowsPerSecond());
        log.flush();
    }
}
