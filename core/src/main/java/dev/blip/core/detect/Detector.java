package dev.blip.core.detect;

import dev.blip.core.score.WindowScore;

import java.util.List;

/**
 * Turns the model's per-bucket raw errors of one key into verdicts and episodes (see
 * {@link DetectorSpec} for the signals). Immutable and shared; everything per key lives in a
 * {@link DetectorState}. Offline {@code detect} and the streaming scorer call {@link #step} for
 * every scored bucket of a key, in order, so both produce the same verdicts.
 */
public final class Detector {

    private static final double RED = 1e-5;
    private static final double YELLOW = 1e-3;
    private static final double MIN_ERROR = 1e-12;
    /**
     * The probability signals count at most this much in the combined score, so that a value
     * outside anything the key has shown (range, 1.0) ranks above any tail probability: ranked by
     * score, alerts then put the surest evidence first (and a threshold sweep can separate them).
     */
    static final double PROBABILITY_CAP = 0.99;

    private final DetectorSpec spec;
    private final int features;

    public Detector(DetectorSpec spec, int features) {
        List<String> v = spec.violations();
        if (!v.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", v));
        }
        this.spec = spec;
        this.features = features;
    }

    public DetectorSpec spec() {
        return spec;
    }

    public DetectorState newState() {
        return new DetectorState(features, spec.averageWindow());
    }

    /** Whether a saved state fits this detector (else the key starts afresh). */
    public boolean fits(DetectorState s) {
        return s != null && s.features == features && s.recent.length == spec.averageWindow();
    }

    /** Verdicts for one key's scored buckets, in order, from a fresh state (the offline path). */
    public java.util.List<BucketVerdict> run(java.util.List<WindowScore> scoresInOrder) {
        DetectorState s = newState();
        java.util.List<BucketVerdict> out = new java.util.ArrayList<>(scoresInOrder.size());
        for (WindowScore score : scoresInOrder) {
            out.add(step(s, score));
        }
        return out;
    }

    /** Advances the key by one scored bucket. */
    public BucketVerdict step(DetectorState s, WindowScore score) {
        double raw = score.rawScore();
        if (!Double.isFinite(raw)) {
            // A non-finite error says nothing about the key; it must not poison the running statistics.
            return new BucketVerdict(score, 0, 0, false, 0, false, List.of(), null);
        }
        double likelihood = spec.useLikelihood() ? likelihood(s, raw) : 0;
        double tail = score.exceedance();
        if (spec.keyCalibrated()) {
            tail = Math.max(tail, ownTail(s, raw));
        }
        double instantaneous = spec.useInstantaneous() ? Signals.logScaled(tail) : 0;
        // The range needs a history too: a key seen for less than a day would set a "record" every hour.
        boolean range = rangeSignal(s, score) && s.scored >= spec.learningBuckets();
        s.scored++;
        double combined = Math.max(Math.min(likelihood, PROBABILITY_CAP),
                Math.max(Math.min(instantaneous, PROBABILITY_CAP), range && spec.useRange() ? 1.0 : 0.0));
        int bits = 0;
        if (likelihood >= spec.threshold()) {
            bits |= Reason.LIKELIHOOD.bit();
        }
        if (instantaneous >= spec.threshold()) {
            bits |= Reason.INSTANTANEOUS.bit();
        }
        if (range && spec.useRange()) {
            bits |= Reason.RANGE.bit();
        }
        boolean anomaly = combined >= spec.threshold();
        boolean silent = spec.holdSilence() && silent(score);
        if (anomaly && silent) {
            bits |= Reason.SILENCE.bit();
        }
        Episode episode = episode(s, score, anomaly, combined, bits, silent);
        return new BucketVerdict(score, likelihood, instantaneous, range && spec.useRange(), combined, anomaly,
                Reason.labels(bits), episode);
    }

    /**
     * How rare this error is for the key itself: the upper tail of its log error against the key's
     * running mean and variance of log errors (after {@code learningBuckets}; 0, no opinion, before).
     * The instantaneous signal takes the larger of this and the validation tail, so a bucket fires only
     * when it is rare both for the model and for the key: a key whose errors are higher than the
     * validation keys' everywhere (a drifting gauge) does not fire on every bucket.
     */
    private double ownTail(DetectorState s, double raw) {
        double le = Math.log(Math.max(raw, MIN_ERROR));
        double tail = 0;
        if (s.errors >= spec.learningBuckets() && s.errors > 0) {
            double z = (le - s.errorMean) / Math.max(Math.sqrt(s.errorVariance), spec.minStd());
            tail = z > 0 ? Signals.tail(z) : 1.0;
        }
        s.errors++;
        double alpha = Math.max(1.0 / s.errors, 1.0 / spec.historyBuckets());
        double d = le - s.errorMean;
        s.errorMean += alpha * d;
        s.errorVariance = (1 - alpha) * (s.errorVariance + alpha * d * d);
        return tail;
    }

    /** Numenta's anomaly likelihood of log(raw), with constant-size exponentially weighted statistics. */
    private double likelihood(DetectorState s, double raw) {
        int w = s.recent.length;
        s.recent[(int) (s.scored % w)] = Math.log(Math.max(raw, MIN_ERROR));
        int n = (int) Math.min(s.scored + 1, w);
        double average = 0;
        for (int i = 0; i < n; i++) {
            average += s.recent[i];
        }
        average /= n;
        double tail = 0.5;
        if (s.averaged >= spec.learningBuckets() && s.averaged > 0) {
            double std = Math.max(Math.sqrt(s.variance), spec.minStd());
            tail = Signals.tail((average - s.mean) / std);
        }
        double filtered = tail;
        if (spec.filterRepeats() && tail <= RED && s.previousTail <= RED) {
            filtered = YELLOW;
        }
        s.previousTail = tail;
        s.averaged++;
        double alpha = Math.max(1.0 / s.averaged, 1.0 / spec.historyBuckets());
        double d = average - s.mean;
        s.mean += alpha * d;
        s.variance = (1 - alpha) * (s.variance + alpha * d * d);
        return Signals.logScaled(filtered);
    }

    /** True when the newest value of any feature leaves the range seen so far by the margin; then widens the range. */
    private boolean rangeSignal(DetectorState s, WindowScore score) {
        double[][] actual = score.actual();
        double[] newest = actual[actual.length - 1];
        if (!s.rangeKnown) {
            // The first scored window seeds the range with all of its buckets.
            for (int f = 0; f < features; f++) {
                s.min[f] = Double.POSITIVE_INFINITY;
                s.max[f] = Double.NEGATIVE_INFINITY;
                for (double[] row : actual) {
                    s.min[f] = Math.min(s.min[f], row[f]);
                    s.max[f] = Math.max(s.max[f], row[f]);
                }
            }
            s.rangeKnown = true;
            return false;
        }
        boolean fired = false;
        for (int f = 0; f < features; f++) {
            double v = newest[f];
            double span = s.max[f] - s.min[f];
            if (span > 0 && (v > s.max[f] + spec.rangeMargin() * span || v < s.min[f] - spec.rangeMargin() * span)) {
                fired = true;
            }
            s.min[f] = Math.min(s.min[f], v);
            s.max[f] = Math.max(s.max[f], v);
        }
        return fired;
    }

    /** Every feature of the newest bucket is zero (and finite: a gap filled with NaN is not silence). */
    private static boolean silent(WindowScore score) {
        for (double v : score.lastActual()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private Episode episode(DetectorState s, WindowScore score, boolean anomaly, double combined, int bits, boolean silent) {
        long bucket = score.endBucketStart();
        if (!anomaly && silent && s.open && (s.reasons & Reason.SILENCE.bit()) != 0) {
            // Still silent: the model may predict the zeros by now, but the outage goes on.
            s.quiet = 0;
            s.lastAnomalous = bucket;
            s.anomalousBuckets++;
            return null;
        }
        if (anomaly) {
            boolean opening = !s.open;
            if (opening) {
                s.open = true;
                s.episodeStart = bucket;
                s.anomalousBuckets = 0;
                s.peakScore = -1;
                s.reasons = 0;
            }
            s.quiet = 0;
            s.lastAnomalous = bucket;
            s.anomalousBuckets++;
            s.reasons |= bits;
            if (combined > s.peakScore) {
                s.peakScore = combined;
                s.peakBucket = bucket;
                System.arraycopy(score.lastActual(), 0, s.peakActual, 0, features);
                System.arraycopy(score.lastExpected(), 0, s.peakExpected, 0, features);
                copyOrNaN(score.expectedLow(), s.peakLow);
                copyOrNaN(score.expectedHigh(), s.peakHigh);
            }
            return opening ? report(s, score.key(), true) : null;
        }
        if (s.open && ++s.quiet >= spec.quietBuckets()) {
            s.open = false;
            s.quiet = 0;
            return report(s, score.key(), false);
        }
        return null;
    }

    /**
     * Ends the key's open episode now, without waiting for quiet buckets: for a caller that is about
     * to discard the state (the streaming scorer when a key is evicted or its model changes), so
     * that every opened episode is also reported closed. Reads only the state, so any detector may
     * end any readable state.
     *
     * @return the closing report, or null when no episode is open
     */
    public Episode end(DetectorState s, String key) {
        if (!s.open) {
            return null;
        }
        s.open = false;
        s.quiet = 0;
        return report(s, key, false);
    }

    private static void copyOrNaN(double[] from, double[] to) {
        if (from == null) {
            java.util.Arrays.fill(to, Double.NaN);
        } else {
            System.arraycopy(from, 0, to, 0, to.length);
        }
    }

    private static Episode report(DetectorState s, String key, boolean open) {
        boolean band = !Double.isNaN(s.peakLow[0]);
        return new Episode(Episode.idOf(key, s.episodeStart), key, open, s.episodeStart, s.lastAnomalous,
                s.anomalousBuckets, s.peakScore, s.peakBucket, s.peakActual.clone(), s.peakExpected.clone(),
                band ? s.peakLow.clone() : null, band ? s.peakHigh.clone() : null, Reason.labels(s.reasons));
    }
}
