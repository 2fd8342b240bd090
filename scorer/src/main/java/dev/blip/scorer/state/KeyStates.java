package dev.blip.scorer.state;

import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.bucket.KeyBuckets;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Detector;
import dev.blip.core.detect.Episode;
import dev.blip.core.event.ParsedRecord;
import dev.blip.core.score.WindowScore;
import dev.blip.core.window.Window;
import dev.blip.core.window.WindowAssembler;
import dev.blip.scorer.model.ServingModel;

import java.util.List;

/**
 * The per-key logic for one serving model: counting into open buckets, closing buckets in order
 * through core's {@link KeyBuckets#close} and {@link WindowAssembler#push} (zeros for silent
 * intervals), and stepping the key's detector over its scored buckets with {@link Detector#step}:
 * the same calls the trainer's offline path makes for every bucket of a series. The TTL is the
 * scorer's policy on top: a key silent for longer is evicted, and a jump of event time over more
 * silence than the TTL restarts the key's window instead of filling it with zeros.
 */
public final class KeyStates {

    /** Returned by {@link #close} when the key was silent for longer than the TTL. */
    public static final int EVICTED = -1;

    private final ServingModel model;
    private final WindowAssembler assembler;
    private final Detector detector;
    private final FeatureSpec features;
    private final long interval;
    /** A silent bucket; shared, the assembler copies what it is given. */
    private final double[] silence;
    private final long ttl;

    public KeyStates(ServingModel model, long ttlMillis) {
        this.model = model;
        this.assembler = model.bundle().assembler();
        this.detector = model.bundle().detector();
        this.features = model.bundle().features();
        this.interval = model.bundle().interval().millis();
        this.silence = new double[features.size()];
        this.ttl = ttlMillis;
    }

    /** Open buckets of a key that has none yet, starting at the bucket of its first event. */
    public KeyBuckets openBuckets(long firstBucketStart) {
        return KeyBuckets.startingAt(firstBucketStart, interval);
    }

    /** A key seen for the first time: nothing before its first bucket is closed or counted. */
    public KeyState fresh(long firstBucketStart) {
        return fresh(openBuckets(firstBucketStart));
    }

    /** A key seen for the first time, with the buckets counted for it so far. */
    public KeyState fresh(KeyBuckets buckets) {
        KeyState s = new KeyState(model.stateSignature(), buckets, assembler.newState());
        freshDetector(s);
        return s;
    }

    /**
     * Makes a state built for another model usable with this one. A window state built for another
     * window shape restarts (the key warms up again; open counts survive when the feature layout is
     * unchanged). A detector state built for another model (any change of the model: its errors are
     * what the detector's statistics describe), missing (a format-1 entry) or not fitting this
     * detector starts afresh; an episode it had open is ended first.
     *
     * @return the closing report of the episode the model change ended, or null
     */
    public Episode conform(KeyState s, String key) {
        if (s.signature != model.stateSignature()) {
            s.signature = model.stateSignature();
            s.window = assembler.newState();
            if (s.buckets.hasOpen() && s.buckets.open().values().iterator().next().length != features.size()) {
                s.buckets = s.buckets.withoutOpen();
            }
        }
        if (s.detector != null && s.detectorModel == model.detectorSignature() && detector.fits(s.detector)) {
            return null;
        }
        Episode ended = end(s, key);
        freshDetector(s);
        return ended;
    }

    /** Whether open buckets counted under another model still fit this one's feature layout. */
    public boolean fits(KeyBuckets open) {
        int width = open.openWidth();
        return width < 0 || width == features.size();
    }

    private void freshDetector(KeyState s) {
        s.detectorModel = model.detectorSignature();
        s.detector = detector.newState();
    }

    /**
     * Restarts a key whose window or detector state holds a non-finite number (it would never
     * recover: every later error would be NaN): a fresh window and detector, the key warms up again.
     *
     * @return whether the state had to be reset
     */
    public boolean resetIfNotFinite(KeyState s) {
        if (s.window.isFinite() && (s.detector == null || s.detector.isFinite())) {
            return false;
        }
        s.window = assembler.newState();
        freshDetector(s);
        return true;
    }

    /** Advances the key's detector by one scored bucket (buckets in order). */
    public BucketVerdict step(KeyState s, WindowScore score) {
        return detector.step(s.detector, score);
    }

    /** Ends the key's open episode now (its state is discarded): the closing report, or null when none is open. */
    public Episode end(KeyState s, String key) {
        return s.detector == null ? null : detector.end(s.detector, key);
    }

    /**
     * Adds one parsed record (an event, or counts) to its open bucket.
     *
     * @throws KeyBuckets.CountOverflowException when a count would overflow; nothing is changed
     */
    public void add(KeyBuckets b, ParsedRecord r) {
        long bucket = model.bundle().interval().bucketStart(r.timestampMillis());
        if (r.values() == null) {
            b.count(bucket, r.timestampMillis(), features, r.category());
        } else {
            b.add(bucket, r.timestampMillis(), r.values());
        }
    }

    /** {@link #add(KeyBuckets, ParsedRecord)} into a key state's own buckets. */
    public void add(KeyState s, ParsedRecord r) {
        add(s.buckets, r);
    }

    /** {@link #close(KeyState, String, long, int, List)} with no bound on the buckets closed. */
    public int close(KeyState s, String key, long closeThrough, List<Window> out) {
        return close(s, key, closeThrough, Integer.MAX_VALUE, out);
    }

    /**
     * Closes the key's buckets up to and including {@code closeThrough}, in order, each exactly
     * once, at most {@code maxBuckets} of them (a later call goes on); windows that became ready are
     * appended to {@code out}.
     *
     * @return buckets closed, or {@link #EVICTED} when the key was silent longer than the TTL
     *         (its state should be deleted rather than filled with zeros; windows appended before
     *         that are still to be scored)
     */
    public int close(KeyState s, String key, long closeThrough, int maxBuckets, List<Window> out) {
        KeyBuckets b = s.buckets;
        if (b.lastClosed() >= closeThrough) {
            return 0;
        }
        if (expired(b, closeThrough)) {
            return EVICTED;
        }
        int closed = b.close(closeThrough, interval, ttl, maxBuckets, silence, new KeyBuckets.Sink() {
            @Override
            public void bucket(long start, double[] counts) {
                Window w = assembler.push(s.window, key, start, counts);
                if (w != null) {
                    out.add(w);
                }
            }

            @Override
            public void gap(long from, long to) {
                // more silence than the TTL in one jump of event time: the key starts its window again
                s.window = assembler.newState();
            }
        });
        return b.lastClosed() >= closeThrough && expired(b, closeThrough) ? EVICTED : closed;
    }

    private boolean expired(KeyBuckets b, long closeThrough) {
        return !b.hasOpen() && closeThrough + interval - b.lastEvent() > ttl;
    }
}
