package dev.blip.trainer.train;

/** Training progress, for a progress bar or a log. All methods are called on the training thread. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() { };

    default void onStart(int epochs, int trainingWindows, int batchesPerEpoch) {
    }

    /** After each mini-batch; {@code loss} is that batch's training MSE. */
    default void onBatch(int epoch, int batch, int windows, double loss) {
    }

    default void onEpoch(EpochStats stats) {
    }

    default void onFinish() {
    }
}
