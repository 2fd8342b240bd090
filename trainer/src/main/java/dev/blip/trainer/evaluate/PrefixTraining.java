package dev.blip.trainer.evaluate;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.trainer.dataset.InputException;
import dev.blip.trainer.dataset.LoadedSeries;
import dev.blip.trainer.train.TrainOptions;
import dev.blip.trainer.train.TrainResult;
import dev.blip.trainer.train.Trainer;

import java.util.List;

/**
 * Trains a model on a file's leading rows only (NAB's probationary period): nothing after the
 * prefix is seen in training, calibration or normalisation.
 *
 * @param fraction leading fraction of the rows
 * @param maxRows  cap on the training rows (null: none)
 */
public record PrefixTraining(double fraction, Integer maxRows) {

    public PrefixTraining {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("--train-fraction: must be in (0, 1), got " + fraction);
        }
        if (maxRows != null && maxRows < 2) {
            throw new IllegalArgumentException("--train-max-rows: must be >= 2, got " + maxRows);
        }
    }

    /** Rows used for training. */
    public int rows(int totalRows) {
        int n = (int) Math.floor(fraction * totalRows);
        return maxRows == null ? n : Math.min(n, maxRows);
    }

    /** Trains on the buckets up to and including the last training row's bucket. */
    public TrainResult train(LoadedSeries loaded, TrainOptions options, Trainer trainer) {
        int total = loaded.rowBucket().length;
        int trainRows = rows(total);
        if (trainRows < 2) {
            throw new InputException(loaded.table().file().toString(), null, "too_short",
                    total + " rows give " + trainRows + " training rows at --train-fraction " + fraction);
        }
        int lastBucket = 0;
        for (int i = 0; i < trainRows; i++) {
            lastBucket = Math.max(lastBucket, loaded.rowBucket()[i]);
        }
        CountSeries prefix = loaded.series().slice(0, lastBucket + 1);
        return trainer.train(List.of(prefix), options);
    }

    /** The bundle of {@link #train}. */
    public ModelBundle bundle(LoadedSeries loaded, TrainOptions options, Trainer trainer) {
        return train(loaded, options, trainer).bundle();
    }
}
