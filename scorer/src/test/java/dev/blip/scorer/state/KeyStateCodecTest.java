package dev.blip.scorer.state;

import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Episode;
import dev.blip.core.event.ParsedRecord;
import dev.blip.core.score.WindowScore;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.window.Window;
import dev.blip.scorer.model.ServingModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.blip.core.testkit.TestTime.START;
import static dev.blip.core.testkit.TestTime.bucket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyStateCodecTest {

    @Test
    void aStateSurvivesTheStoreAndKeepsProducingTheSameWindows() {
        ServingModel model = ServingModel.of(TestBundles.small());
        KeyStates states = new KeyStates(model, Long.MAX_VALUE / 4);
        long interval = model.bundle().interval().millis();
        KeyState original = states.fresh(START);
        KeyState copy = null;
        List<Window> a = new ArrayList<>();
        List<Window> b = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            for (int i = 0; i < 5 + t % 7; i++) {
                states.add(original, new ParsedRecord("k", START + t * interval + i, null, null));
            }
            if (t == 25) {
                copy = KeyStateCodec.decode(KeyStateCodec.encode(original));
            }
            if (copy != null && t > 25) {
                for (int i = 0; i < 5 + t % 7; i++) {
                    states.add(copy, new ParsedRecord("k", START + t * interval + i, null, null));
                }
            }
            if (t >= 25) {
                states.close(original, "k", START + (t - 1) * interval, a);
                states.close(copy, "k", START + (t - 1) * interval, b);
            } else {
                states.close(original, "k", START + (t - 1) * interval, new ArrayList<>());
            }
        }
        assertThat(a).isNotEmpty().hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).input()).isEqualTo(a.get(i).input());
            assertThat(b.get(i).endBucketStart()).isEqualTo(a.get(i).endBucketStart());
        }
        assertThat(copy.open()).containsOnlyKeys(START + 39 * interval);
    }

    /** A key in the middle of an episode: the decoded copy goes on with exactly the same verdicts and reports. */
    @Test
    void theDetectorStateRoundTripsWithAnOpenEpisode() {
        ServingModel model = ServingModel.of(TestBundles.small());
        KeyStates states = new KeyStates(model, Long.MAX_VALUE / 4);
        WindowScorer scorer = model.bundle().newScorer(1);
        KeyState original = states.fresh(START);
        KeyState copy = null;
        List<BucketVerdict> fromOriginal = new ArrayList<>();
        List<BucketVerdict> fromCopy = new ArrayList<>();
        for (int t = 0; t < 100; t++) {
            double count = t == 70 ? 400 : 40 + (t * 7) % 9;
            step(states, scorer, original, t, count, fromOriginal);
            if (copy != null) {
                step(states, scorer, copy, t, count, fromCopy);
            }
            if (t == 71) {
                assertThat(original.detector().episodeOpen()).as("the spike opened an episode").isTrue();
                byte[] bytes = KeyStateCodec.encode(original);
                copy = KeyStateCodec.decode(bytes);
                assertThat(copy.detector()).isEqualTo(original.detector());
                assertThat(copy.detectorModel()).isEqualTo(model.detectorSignature());
                assertThat(KeyStateCodec.encode(copy)).as("decode then encode is the identity").isEqualTo(bytes);
                assertThat(states.conform(copy, "k")).as("same model: nothing to conform").isNull();
                fromOriginal.clear();
            }
        }
        assertThat(fromCopy).hasSize(28).hasSameSizeAs(fromOriginal);
        for (int i = 0; i < fromCopy.size(); i++) {
            BucketVerdict x = fromOriginal.get(i);
            BucketVerdict y = fromCopy.get(i);
            assertThat(y.anomalyScore()).isEqualTo(x.anomalyScore());
            assertThat(y.likelihood()).isEqualTo(x.likelihood());
            assertThat(y.reasons()).isEqualTo(x.reasons());
            assertThat(y.episode() == null).isEqualTo(x.episode() == null);
            if (x.episode() != null) {
                assertThat(y.episode().id()).isEqualTo(x.episode().id());
                assertThat(y.episode().lastBucket()).isEqualTo(x.episode().lastBucket());
                assertThat(y.episode().peakScore()).isEqualTo(x.episode().peakScore());
            }
        }
        assertThat(fromCopy).as("the episode closes after the copy was made")
                .anyMatch(v -> v.episode() != null && !v.episode().open());
    }

    /** Pushes one bucket of counts and steps the detector over the window it made, if any. */
    private static void step(KeyStates states, WindowScorer scorer, KeyState s, int t, double count, List<BucketVerdict> out) {
        states.add(s, new ParsedRecord("k", bucket(t), null, new double[] {count}));
        List<Window> windows = new ArrayList<>();
        states.close(s, "k", bucket(t), windows);
        for (WindowScore score : scorer.score(windows)) {
            out.add(states.step(s, score));
        }
    }

    /**
     * A key state as the format-1 scorer (commit 316e985, before the detector) stored it:
     * {@code golden/key-state-format-1.bin}, written by {@code golden/GenFormat1.java.txt} compiled
     * against that commit's core (its codec's encode, verbatim). It still decodes; the key has no
     * detector state until it is conformed, then a fresh one (and a fresh window state, since the
     * old transforms do not match the model's preprocessing).
     */
    @Test
    void aFormat1StateStillDecodesAndGetsAFreshDetector() throws IOException {
        byte[] bytes = golden("key-state-format-1.bin");
        assertThat(bytes[0]).isEqualTo((byte) 1);
        KeyState s = KeyStateCodec.decode(bytes);
        assertThat(s.signature()).isEqualTo(0x0123456789abcdefL);
        assertThat(s.lastClosed()).isEqualTo(bucket(19));
        assertThat(s.lastEvent()).isEqualTo(bucket(20) + 42_000);
        assertThat(s.open()).containsOnlyKeys(bucket(20));
        assertThat(s.open().get(bucket(20))).containsExactly(13.0);
        assertThat(s.window().outputs()).isEqualTo(19);
        assertThat(s.window().lastBucketStart()).isEqualTo(bucket(19));
        assertThat(s.detector()).isNull();
        assertThat(s.detectorModel()).isZero();

        ServingModel model = ServingModel.of(TestBundles.small());
        KeyStates states = new KeyStates(model, Long.MAX_VALUE / 4);
        assertThat(states.conform(s, "k")).as("no episode to end").isNull();
        assertThat(s.detector()).isNotNull().isEqualTo(model.bundle().detector().newState());
        assertThat(s.detectorModel()).isEqualTo(model.detectorSignature());
        assertThat(s.window().outputs()).as("the window state was built for other transforms").isZero();
        assertThat(s.open()).as("open counts survive (same feature layout)").containsOnlyKeys(bucket(20));
        KeyState again = KeyStateCodec.decode(KeyStateCodec.encode(s));
        assertThat(KeyStateCodec.encode(again)).isEqualTo(KeyStateCodec.encode(s));
        assertThat(KeyStateCodec.encode(s)[0]).as("written back in the current format").isEqualTo((byte) KeyStateCodec.FORMAT);
    }

    /**
     * A format-2 key state with an open episode, {@code golden/key-state-format-2.bin} (written by the
     * format-2 codec from {@link #fixture()}): it decodes, the scorer-side peak it carried is dropped
     * (the episode then reports its peak without a band), and it is written back in the current format.
     */
    @Test
    void aFormat2StateDecodesAndIsWrittenBackInTheCurrentFormat() throws IOException {
        byte[] bytes = golden("key-state-format-2.bin");
        assertThat(bytes[0]).isEqualTo((byte) 2);
        KeyState s = KeyStateCodec.decode(bytes);
        assertFixture(s);
        assertThat(KeyStateCodec.encode(s)[0]).isEqualTo((byte) KeyStateCodec.FORMAT);
        Episode ended = new KeyStates(ServingModel.of(TestBundles.small()), Long.MAX_VALUE / 4).end(s, "k");
        assertThat(ended.peakBucket()).isEqualTo(bucket(70));
        assertThat(ended.peakExpectedLow()).as("format 2 kept the band outside the detector state").isNull();
    }

    /** A format-3 key state with an open episode (the open bucket inside the entry): decoded, written back as format 4. */
    @Test
    void aFormat3StateDecodesAndIsWrittenBackInTheCurrentFormat() throws IOException {
        byte[] bytes = golden("key-state-format-3.bin");
        assertThat(bytes[0]).isEqualTo((byte) 3);
        KeyState s = KeyStateCodec.decode(bytes);
        assertFixture(s);
        assertThat(s.buckets().lastCounted()).as("format 3 has no last bucket with events: the last closed stands in")
                .isEqualTo(s.lastClosed());
        assertThat(KeyStateCodec.lastClosed(bytes)).isEqualTo(s.lastClosed());
        byte[] now = KeyStateCodec.encode(s);
        assertThat(now[0]).isEqualTo((byte) KeyStateCodec.FORMAT);
        assertFixture(KeyStateCodec.decode(now));
    }

    /**
     * A format-4 key state with an open episode: {@code golden/key-state-format-4.bin}, written by
     * {@link #fixture()} (rewrite with {@code -Dblip.golden.write=true}, only when the format changes,
     * and keep the old file as a fixture of the old format).
     */
    @Test
    void aFormat4StateDecodesToWhatWasSaved() throws IOException {
        if (Boolean.getBoolean("blip.golden.write")) {
            Files.write(Path.of("src/test/resources/golden/key-state-format-4.bin"), KeyStateCodec.encode(fixture()));
        }
        byte[] bytes = golden("key-state-format-4.bin");
        assertThat(bytes[0]).isEqualTo((byte) 4);
        KeyState s = KeyStateCodec.decode(bytes);
        assertThat(KeyStateCodec.encode(s)).as("decode then encode is the identity").isEqualTo(bytes);
        assertFixture(s);
        assertThat(s.buckets().lastCounted()).isEqualTo(bucket(72));
        assertThat(KeyStateCodec.lastClosed(bytes)).isEqualTo(s.lastClosed());
        Episode ended = new KeyStates(ServingModel.of(TestBundles.small()), Long.MAX_VALUE / 4).end(s, "k");
        assertThat(ended.peakBucket()).isEqualTo(bucket(70));
        assertThat(ended.peakScore()).isBetween(0.5, 1.0);
        assertThat(ended.peakExpectedLow()).hasSize(1);
        assertThat(ended.peakExpectedLow()[0]).isLessThan(ended.peakExpectedHigh()[0]);
        assertThat(s.detector().toBytes().length).as("detector bytes per key (1 feature)").isLessThanOrEqualTo(512);
    }

    private static void assertFixture(KeyState s) {
        assertThat(s.lastClosed()).isEqualTo(bucket(72));
        assertThat(s.open()).containsOnlyKeys(bucket(73));
        assertThat(s.window().outputs()).as("73 buckets, the first one consumed by the difference").isEqualTo(72);
        assertThat(s.detector()).isNotNull();
        assertThat(s.detector().scored()).as("one scored window per bucket after the warm-up")
                .isEqualTo(73 - TestBundles.small().assembler().readyAfter());
        assertThat(s.detector().episodeOpen()).isTrue();
        assertThat(s.detectorModel()).isEqualTo(0x0fedcba987654321L);
    }

    /** What the golden key states hold: 73 buckets of one key with a spike at bucket 70 and one open bucket. */
    static KeyState fixture() {
        ServingModel model = ServingModel.of(TestBundles.small());
        KeyStates states = new KeyStates(model, Long.MAX_VALUE / 4);
        WindowScorer scorer = model.bundle().newScorer(1);
        KeyState s = states.fresh(START);
        List<BucketVerdict> verdicts = new ArrayList<>();
        for (int t = 0; t < 73; t++) {
            step(states, scorer, s, t, t == 70 ? 400 : 40 + (t * 7) % 9, verdicts);
        }
        states.add(s, new ParsedRecord("k", bucket(73) + 5, null, new double[] {12}));
        s.detectorModel = 0x0fedcba987654321L;
        return s;
    }

    @Test
    void unknownFormatsAndCorruptStatesAreRefused() {
        assertThatThrownBy(() -> KeyStateCodec.decode(new byte[] {9, 1, 2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 9");
        ServingModel model = ServingModel.of(TestBundles.small());
        byte[] good = KeyStateCodec.encode(new KeyStates(model, Long.MAX_VALUE / 4).fresh(START));
        for (int cut : new int[] {good.length - 1, good.length / 2, 20}) {
            assertThatThrownBy(() -> KeyStateCodec.decode(Arrays.copyOf(good, cut))).as("cut at %d", cut)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertThatThrownBy(() -> KeyStateCodec.decode(longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("left over");
    }

    /** A model change ends the key's open episode (its closing report) and starts a fresh detector state. */
    @Test
    void aModelChangeEndsTheOpenEpisodeAndStartsAFreshDetector() {
        KeyState s = fixture();
        ServingModel model = ServingModel.of(TestBundles.small());
        KeyStates states = new KeyStates(model, Long.MAX_VALUE / 4);
        Episode ended = states.conform(s, "k");
        assertThat(ended).isNotNull();
        assertThat(ended.open()).isFalse();
        assertThat(ended.startBucket()).isEqualTo(bucket(70));
        assertThat(ended.peakBucket()).isEqualTo(bucket(70));
        assertThat(ended.peakExpectedLow()).as("the band at the peak is reported").hasSize(1);
        assertThat(s.detector()).isEqualTo(model.bundle().detector().newState());
        assertThat(s.window().outputs()).as("same window shape: the window state is kept").isEqualTo(72);
        assertThat(states.conform(s, "k")).isNull();
    }

    static byte[] golden(String name) throws IOException {
        try (InputStream in = KeyStateCodecTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
