package dev.blip.trainer.cli;

import dev.blip.trainer.train.EpochStats;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Off a terminal (a redirected log, CI) progress is plain lines: no carriage-return frames, no bar. */
class ProgressBarListenerTest {

    @Test
    void offATerminalProgressIsPlainLinesWithoutCarriageReturns() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StringWriter log = new StringWriter();
        ProgressBarListener p = new ProgressBarListener(new PrintStream(console, true, StandardCharsets.UTF_8), new PrintWriter(log),
                false);
        p.onStart(2, 1_000, 10);
        for (int epoch = 1; epoch <= 2; epoch++) {
            for (int b = 0; b < 10; b++) {
                p.onBatch(epoch, b, 100, 0.5);
            }
            p.onEpoch(epochStats(epoch));
        }
        String out = console.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("\r").doesNotContain("epoch 1/2 ").doesNotContain("%");
        assertThat(log.toString()).contains("training on 1000 windows").contains("epoch 1: loss").contains("epoch 2: loss")
                .doesNotContain("\r");
    }

    @Test
    void onATerminalItDrawsABar() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ProgressBarListener p = new ProgressBarListener(new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintWriter(new StringWriter()), true);
        p.onStart(1, 1_000, 10);
        for (int b = 0; b < 10; b++) {
            p.onBatch(1, b, 100, 0.5);
        }
        p.onEpoch(epochStats(1));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("\r").contains("epoch 1/1");
    }

    private static EpochStats epochStats(int epoch) {
        return new EpochStats(epoch, 0.25, 0.3, true, 1_000);
    }
}
