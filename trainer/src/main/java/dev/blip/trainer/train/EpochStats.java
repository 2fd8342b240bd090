package dev.blip.trainer.train;

/**
 * One epoch's outcome.
 *
 * @param epoch          1-based epoch number
 * @param trainLoss      mean training MSE over the epoch's mini-batches (transformed space)
 * @param validationLoss validation MSE after the epoch (transformed space)
 * @param improved       whether this epoch set a new best validation loss (its weights are kept)
 * @param windowsPerSecond training throughput of the epoch
 */
public record EpochStats(int epoch, double trainLoss, double validationLoss, boolean improved,
                         double windowsPerSecond) {
}
