package dev.blip.trainer.train;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.transform.ChannelPipeline;
import dev.blip.core.transform.Preprocessing;
import dev.blip.core.window.Window;
import dev.blip.core.window.WindowAssembler;
import dev.blip.trainer.dataset.InputException;

import java.util.ArrayList;
import java.util.List;

/**
 * The time-ordered split. The last {@code validationFraction} of every series is validation;
 * global normalisers are fitted on the training parts only. Each whole series is then run once
 * through the core {@link WindowAssembler} (so per-key transform state evolves exactly as in the
 * scorer) and its windows are sorted by where they lie: entirely before the cut (training, every
 * {@code stride}-th), entirely after it (validation), or straddling it (dropped).
 *
 * @param train      training windows, in series then time order (shuffled later, per epoch)
 * @param validation validation windows
 * @param preprocessing the fitted preprocessing
 * @param used       series that gave enough windows
 * @param skipped    why other series were left out
 */
public record TrainingData(List<Window> train, List<Window> validation, Preprocessing preprocessing,
                           List<CountSeries> used, List<String> skipped) {

    public static TrainingData split(List<CountSeries> series, TrainOptions o) {
        if (series.isEmpty()) {
            throw new InputException("input", null, "no_data", "no series to train on");
        }
        checkShape(series, o);
        List<CountSeries> usable = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<InputException> reasons = new ArrayList<>();
        for (CountSeries s : series) {
            InputException why = tooShort(s, o);
            if (why == null) {
                usable.add(s);
            } else {
                skipped.add(why.getMessage());
                reasons.add(why);
            }
        }
        if (usable.isEmpty()) {
            throw reasons.get(0);
        }
        List<CountSeries> fitParts = usable.stream().map(s -> s.slice(0, cut(s, o))).toList();
        Preprocessing fitted = o.preprocessing().fit(fitParts);
        WindowAssembler assembler = new WindowAssembler(
                new ChannelPipeline(fitted, usable.get(0).featureCount()), o.windowLength());
        return cutWindows(usable, assembler, fitted, skipped, o);
    }

    private static TrainingData cutWindows(List<CountSeries> usable, WindowAssembler assembler,
                                           Preprocessing fitted, List<String> skipped, TrainOptions o) {
        List<Window> train = new ArrayList<>();
        List<Window> validation = new ArrayList<>();
        List<CountSeries> used = new ArrayList<>();
        for (CountSeries s : usable) {
            long cutStart = s.bucketStart(cut(s, o));
            int before = 0;
            int trainBefore = train.size();
            int validationBefore = validation.size();
            for (Window w : assembler.windows(s, 1)) {
                if (w.endBucketStart() < cutStart) {
                    if (before++ % o.stride() == 0) {
                        train.add(w);
                    }
                } else if (w.firstBucketStart() >= cutStart) {
                    validation.add(w);
                }
            }
            if (train.size() - trainBefore < o.minTrainingWindows() || validation.size() == validationBefore) {
                train.subList(trainBefore, train.size()).clear();
                validation.subList(validationBefore, validation.size()).clear();
                skipped.add(s.key() + ": too_short after transform warm-up");
            } else {
                used.add(s);
            }
        }
        if (used.isEmpty()) {
            throw new InputException(usable.get(0).key(), null, "too_short", "no series gives " + o.minTrainingWindows()
                    + " training windows and one validation window after the transforms' warm-up ("
                    + assembler.readyAfter() + " buckets); use a longer history or a shorter --window");
        }
        return new TrainingData(train, validation, fitted, used, skipped);
    }

    static int cut(CountSeries s, TrainOptions o) {
        return s.length() - (int) Math.round(s.length() * o.validationFraction());
    }

    /** Null when the series is long enough; otherwise the error naming it and the rule. */
    private static InputException tooShort(CountSeries s, TrainOptions o) {
        int length = s.length();
        if (o.windowLength() > length) {
            return new InputException(s.key(), null, "window_longer_than_history", "window length "
                    + o.windowLength() + " is longer than the history (" + length + " buckets of " + s.interval() + ")");
        }
        int warm = warmup(o) + 1;
        int needTrain = warm + o.windowLength() + (o.minTrainingWindows() - 1) * o.stride();
        int validationBuckets = length - cut(s, o);
        if (cut(s, o) < needTrain || validationBuckets < o.windowLength()) {
            return new InputException(s.key(), null, "too_short", "series has " + length + " buckets; training needs "
                    + needTrain + " (warm-up " + warm + " + window " + o.windowLength() + " + "
                    + (o.minTrainingWindows() - 1) + " more windows at stride " + o.stride()
                    + ") before the validation part of " + o.windowLength() + "+ buckets (validation fraction "
                    + o.validationFraction() + ")");
        }
        return null;
    }

    private static int warmup(TrainOptions o) {
        return o.preprocessing().warmup();
    }

    private static void checkShape(List<CountSeries> series, TrainOptions o) {
        CountSeries first = series.get(0);
        for (CountSeries s : series) {
            if (!s.interval().equals(first.interval()) || !s.features().equals(first.features())) {
                throw new InputException(s.key(), null, "inconsistent_series", "interval " + s.interval()
                        + " and features " + s.features().names() + " differ from '" + first.key() + "' ("
                        + first.interval() + ", " + first.features().names() + "); one model needs one grid");
            }
            if (o.bucket() != null && !o.bucket().equals(s.interval())) {
                throw new InputException(s.key(), null, "bucket_mismatch", "series is bucketed at " + s.interval()
                        + " but --bucket is " + o.bucket());
            }
        }
    }
}
