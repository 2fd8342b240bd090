package dev.blip.trainer.train;

import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.WindowTensors;
import dev.blip.core.window.Window;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mini-batch Adam over the training windows with early stopping on validation MSE. Windows are
 * shuffled within the training part only, by a {@link Random} seeded from the options, so two
 * runs see the same batches. The weights of the best validation epoch are restored at the end.
 * Each step is blip's own training pass or DL4J's {@code fit} ({@link BatchFitter}; same loss,
 * gradients and update); validation after each epoch runs on the network's current weights.
 */
final class FitLoop {

    record Outcome(List<EpochStats> epochs, int bestEpoch, double bestValidationMse) {
    }

    private final ModelConfig config;
    private final TrainOptions o;

    FitLoop(ModelConfig config, TrainOptions o) {
        this.config = config;
        this.o = o;
    }

    Outcome run(MultiLayerNetwork net, List<Window> train, List<Window> validation) {
        float[] flat = WindowTensors.flat(train);
        float[] masked = WindowTensors.masked(train, config.maskNewest());
        int size = config.features() * config.windowLength();
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random rnd = new Random(o.seed());
        int batches = (order.length + o.batchSize() - 1) / o.batchSize();
        o.listener().onStart(o.epochs(), order.length, batches);
        List<EpochStats> epochs = new ArrayList<>();
        BatchFitter fitter = BatchFitter.choose(config, o.engine(), net, o.batchSize());
        double best = Double.POSITIVE_INFINITY;
        float[] bestParams = null;
        int bestEpoch = 0;
        int since = 0;
        for (int epoch = 1; epoch <= o.epochs() && since < o.patience(); epoch++) {
            long t0 = System.nanoTime();
            shuffle(order, rnd);
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * o.batchSize();
                int n = Math.min(o.batchSize(), order.length - from);
                double loss = fitBatch(fitter, masked, flat, order, from, n, size);
                lossSum += loss;
                o.listener().onBatch(epoch, b + 1, n, loss);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            fitter.syncNetwork();
            double val = Trainer.validationMse(config, net, validation);
            boolean improved = val < best;
            if (improved) {
                best = val;
                bestParams = fitter.params();
                bestEpoch = epoch;
                since = 0;
            } else {
                since++;
            }
            EpochStats stats = new EpochStats(epoch, lossSum / batches, val, improved, order.length / Math.max(seconds, 1e-9));
            epochs.add(stats);
            o.listener().onEpoch(stats);
        }
        o.listener().onFinish();
        if (bestParams != null) {
            fitter.restore(bestParams);
        }
        return new Outcome(epochs, bestEpoch, best);
    }

    /**
     * One Adam step on masked inputs against the whole windows (the newest steps are predicted, not
     * copied); returns the batch's MSE (DL4J's score sums the per-step MSE over time, hence / T).
     */
    private double fitBatch(BatchFitter fitter, float[] inputs, float[] targets, int[] order, int from, int n, int size) {
        float[] batch = new float[n * size];
        float[] target = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs, order[from + i] * size, batch, i * size, size);
            System.arraycopy(targets, order[from + i] * size, target, i * size, size);
        }
        return fitter.fit(batch, target, n) / config.windowLength();
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
