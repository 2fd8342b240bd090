package dev.blip.demo;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Detector;
import dev.blip.core.detect.DetectorSpec;
import dev.blip.core.detect.Episode;
import dev.blip.core.score.WindowScore;
import dev.blip.core.synth.AnomalyKind;
import dev.blip.core.synth.InjectedAnomaly;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.trainer.evaluate.Ablation;
import dev.blip.trainer.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The demo's detection numbers without Kafka, and what each part of the detector contributes: the
 * demo's traffic and model (same settings and seed as {@code run}), each key scored from the
 * start of the scorer's warm-up day through the same core path the scorer runs (the scorer's
 * parity tests hold it to that), with the detector's signals switched on and off, and a rolling
 * z-score of the difference through the same post-processing. Episodes are matched to injected
 * anomalies as {@code run} does.
 */
@Command(name = "ablate", mixinStandardHelpOptions = true,
        description = "Offline: the demo's injected-vs-detected episodes for the full detector and its parts.")
final class AblateCommand implements Callable<Integer> {

    private final PrintWriter out;

    @Option(names = "--short", description = "The smaller run's settings.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the traffic and the model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--learning-rate", defaultValue = "0.003", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    AblateCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        DemoSettings s = quick ? DemoSettings.quick() : DemoSettings.full();
        long start = 1_700_006_400_000L;
        SyntheticTraffic.Result traffic = RunCommand.traffic(s, start, seed);
        List<InjectedAnomaly> truth = traffic.truth().stream()
                .filter(a -> a.endBucket() <= s.historyBuckets() + s.replayBuckets()).toList();
        List<CountSeries> history = traffic.series().stream().map(x -> x.slice(0, s.historyBuckets())).toList();
        long t0 = System.nanoTime();
        var result = new Trainer(Clock.systemUTC()).train(history, RunCommand.trainOptions(s, seed, learningRate, null).build());
        out.printf(Locale.ROOT, "trained in %.1f s; %s%n", (System.nanoTime() - t0) / 1e9, result.underfit().describe());
        ModelBundle bundle = result.bundle();
        int from = s.historyBuckets() - RunCommand.WARM_UP_BUCKETS;
        DetectorSpec base = bundle.manifest().detector();
        Map<String, DetectorSpec> variants = new LinkedHashMap<>();
        variants.put("full", base);
        variants.put("lstm-likelihood+instantaneous", base.withSignals(true, true, false));
        variants.put("lstm-instantaneous", base.withSignals(false, true, false));
        variants.put("range", base.withSignals(false, false, true));
        Map<String, List<List<WindowScore>>> inputs = new LinkedHashMap<>();
        List<List<WindowScore>> model = new ArrayList<>();
        List<List<WindowScore>> zscore = new ArrayList<>();
        for (CountSeries series : traffic.series()) {
            CountSeries live = series.slice(from, series.length());
            List<WindowScore> scores = bundle.newScorer().score(bundle.assembler().windows(live, 1));
            model.add(scores);
            zscore.add(Ablation.zScores(live, scores, RunCommand.WARM_UP_BUCKETS));
        }
        out.printf(Locale.ROOT, "%n%-32s %6s %6s %6s %6s  %6s %9s %9s %6s%n", "variant", "spike", "silence", "shift", "drift",
                "found", "episodes", "precision", "recall");
        variants.forEach((name, spec) -> row(name, new Detector(spec, 1), model, traffic, truth, s));
        row("zscore-full", new Detector(base, 1), zscore, traffic, truth, s);
        row("zscore-likelihood+instantaneous", new Detector(base.withSignals(true, true, false), 1), zscore, traffic, truth, s);
        out.flush();
        return 0;
    }

    private void row(String name, Detector detector, List<List<WindowScore>> scores, SyntheticTraffic.Result traffic,
                     List<InjectedAnomaly> truth, DemoSettings s) {
        long interval = traffic.series().get(0).interval().millis();
        List<DemoSummary.Opened> opened = new ArrayList<>();
        for (List<WindowScore> key : scores) {
            for (BucketVerdict v : detector.run(key)) {
                Episode e = v.episode();
                // every episode counts, the warm-up day's too (it is clean history): as run's summary does
                if (e != null && e.open()) {
                    opened.add(new DemoSummary.Opened(e.key(), e.startBucket()));
                }
            }
        }
        DemoSummary summary = DemoSummary.of(truth, opened, opened.size(), interval, s.windowLength());
        Map<AnomalyKind, int[]> k = summary.byKind();
        out.printf(Locale.ROOT, "%-32s %6s %6s %6s %6s  %2d/%-3d %9d %9.2f %6.2f%n", name, frac(k.get(AnomalyKind.SPIKE)),
                frac(k.get(AnomalyKind.DROP_TO_SILENCE)), frac(k.get(AnomalyKind.LEVEL_SHIFT)), frac(k.get(AnomalyKind.DRIFT)),
                summary.detected(), summary.injected(), summary.episodes(), summary.precision(), summary.recall());
        out.flush();
    }

    private static String frac(int[] c) {
        return c[1] + "/" + c[0];
    }
}
