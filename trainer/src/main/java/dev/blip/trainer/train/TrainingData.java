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
 * {@code stride}-th), entirely after it (validation), or straddling it (dropped). When the windows
 * of all series exceed {@code maxWindows} (training) or a quarter of it (validation), each series
 * keeps its share of the budget ({@link WindowBudget}: stratified by level, evenly spaced in time).
 *
 * @param train      training windows, in series then time order (shuffled later, per epoch)
 * @param validation validation windows
 * @param preprocessing the fitted preprocessing
 * @param used       series that gave enough windows
 * @param skipped    why other series were left out
 * @param trainAvailable      training windows before the budget
 * @param validationAvailable validation windows before the budget
 */
public record TrainingData(List<Window> train, List<Window> validation, Preprocessing preprocessing,
                           List<CountSeries> used, List<String> skipped, long trainAvailable, long validationAvailable) {

    /** Whether the budget cut the windows. */
    public boolean sampled() {
        return train.size() < trainAvailable || validation.size() < validationAvailable;
    }

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
        int n = usable.size();
        int[] trainOffered = new int[n];
        int[] validationOffered = new int[n];
        double[] level = new double[n];
        for (int i = 0; i < n; i++) {
            CountSeries s = usable.get(i);
            trainOffered[i] = trainWindows(s, assembler.readyAfter(), o);
            validationOffered[i] = validationWindows(s, assembler.readyAfter(), o);
            level[i] = meanLevel(s, cut(s, o));
        }
        int[] trainQuota = WindowBudget.quotas(trainOffered, level, o.maxWindows());
        int[] validationQuota = WindowBudget.quotas(validationOffered, level, Math.max(1, o.maxWindows() / 4));
        long trainAvailable = 0;
        long validationAvailable = 0;
        for (int i = 0; i < n; i++) {
            CountSeries s = usable.get(i);
            long cutStart = s.bucketStart(cut(s, o));
            int before = 0;
            int trainSeen = 0;
            int validationSeen = 0;
            int trainBefore = train.size();
            int validationBefore = validation.size();
            for (Window w : assembler.windows(s, 1)) {
                if (w.endBucketStart() < cutStart) {
                    if (before++ % o.stride() == 0
                            && WindowBudget.keeps(trainSeen++, trainQuota[i], Math.max(trainOffered[i], trainSeen))) {
                        train.add(w);
                    }
                } else if (w.firstBucketStart() >= cutStart
                        && WindowBudget.keeps(validationSeen++, validationQuota[i], Math.max(validationOffered[i], validationSeen))) {
                    validation.add(w);
                }
            }
            if (trainSeen < o.minTrainingWindows() || validationSeen == 0) {
                train.subList(trainBefore, train.size()).clear();
                validation.subList(validationBefore, validation.size()).clear();
                skipped.add(s.key() + ": too_short after transform warm-up");
            } else {
                used.add(s);
                trainAvailable += trainSeen;
                validationAvailable += validationSeen;
            }
        }
        if (used.isEmpty()) {
            throw new InputException(usable.get(0).key(), null, "too_short", "no series gives " + o.minTrainingWindows()
                    + " training windows and one validation window after the transforms' warm-up ("
                    + assembler.readyAfter() + " buckets); use a longer history or a shorter --window");
        }
        return new TrainingData(train, validation, fitted, used, skipped, trainAvailable, validationAvailable);
    }

    /**
     * Training windows a series offers: those ending before the cut, every stride-th. The first
     * window ends at bucket {@code readyAfter} (the assembler needs that many buckets before it).
     */
    static int trainWindows(CountSeries s, long readyAfter, TrainOptions o) {
        long ending = Math.max(0, cut(s, o) - readyAfter);
        return (int) ((ending + o.stride() - 1) / o.stride());
    }

    /** Validation windows a series offers: those starting at or after the cut. */
    static int validationWindows(CountSeries s, long readyAfter, TrainOptions o) {
        long firstEnd = Math.max(cut(s, o) + o.windowLength() - 1L, readyAfter);
        return (int) Math.max(0, s.length() - firstEnd);
    }

    /** Mean events (all features) per bucket of the training part: the stratum a series samples in. */
    private static double meanLevel(CountSeries s, int cut) {
        double sum = 0;
        for (int t = 0; t < cut; t++) {
            for (double v : s.values()[t]) {
                sum += Double.isFinite(v) ? v : 0;
            }
        }
        return cut == 0 ? 0 : sum / cut;
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
