package dev.blip.core.bucket;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.blip.core.testkit.TestTime.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyBucketsTest {

    private static final long I = 60_000L;
    private static final FeatureSpec ONE = FeatureSpec.forEvents(List.of());

    @Test
    void forgettingDropsOnlyBucketsUpToThePositionAndMovesIt() {
        KeyBuckets b = KeyBuckets.startingAt(START, I);
        assertThat(b.openWidth()).isEqualTo(-1);
        for (int t = 0; t < 4; t++) {
            b.add(START + t * I, START + t * I, new double[] {t + 1, 0});
        }
        assertThat(b.openWidth()).isEqualTo(2);
        assertThat(b.forgetThrough(START + I)).isEqualTo(2);
        assertThat(b.open()).containsOnlyKeys(START + 2 * I, START + 3 * I);
        assertThat(b.lastClosed()).isEqualTo(START + I);
        assertThat(b.forgetThrough(START + I)).isZero();
        assertThat(b.forgetThrough(START + 9 * I)).isEqualTo(2);
        assertThat(b.hasOpen()).isFalse();
        assertThat(b.lastCounted()).isEqualTo(START + 9 * I);
    }

    /** What a sink saw: "start=count" for buckets, "gap from-to" for skipped silence. */
    private static final class Seen implements KeyBuckets.Sink {
        final List<String> out = new ArrayList<>();

        @Override
        public void bucket(long start, double[] counts) {
            out.add((start - START) / I + "=" + Arrays.toString(counts));
        }

        @Override
        public void gap(long from, long to) {
            out.add("gap " + (from - START) / I + "-" + (to - START) / I);
        }
    }

    private static KeyBuckets withEvents(long seed, int buckets, int events) {
        Random r = new Random(seed);
        KeyBuckets b = KeyBuckets.startingAt(START, I);
        for (int i = 0; i < events; i++) {
            long t = START + (long) (r.nextDouble() * buckets * I);
            b.count(t - Math.floorMod(t - START, I), t, ONE, null);
        }
        return b;
    }

    /** Closing a backlog in pieces of any size, at any pace, closes the same buckets in the same order as closing it at once. */
    @Property(tries = 200)
    void closingInPiecesIsClosingAtOnce(@ForAll @LongRange(min = 0, max = 1_000) long seed,
                                         @ForAll @IntRange(min = 1, max = 7) int maxBuckets,
                                         @ForAll @IntRange(min = 1, max = 40) int silenceLimit) {
        KeyBuckets once = withEvents(seed, 60, 40);
        KeyBuckets pieces = once.copy();
        long through = START + 59 * I;
        double[] zeros = new double[1];
        Seen a = new Seen();
        once.close(through, I, silenceLimit * I, Integer.MAX_VALUE, zeros, a);
        Seen b = new Seen();
        int calls = 0;
        while (pieces.lastClosed() < through) {
            int n = pieces.close(through, I, silenceLimit * I, maxBuckets, zeros, b);
            assertThat(n).isLessThanOrEqualTo(maxBuckets);
            assertThat(++calls).isLessThan(1_000);
        }
        assertThat(b.out).isEqualTo(a.out);
        assertThat(pieces.toBytes()).isEqualTo(once.toBytes());
        assertThat(once.hasOpen()).isFalse();
    }

    /**
     * The scorer's protocol: open buckets live in their own entry, which a close takes over
     * ({@code absorb}) but leaves in place; the key's next event forgets what was closed. Every
     * event is still closed exactly once, in the same buckets as one copy counting and closing alone.
     */
    @Property(tries = 200)
    void anOpenEntryLeftInPlaceAfterACloseCountsEveryEventOnce(@ForAll @LongRange(min = 0, max = 1_000) long seed,
                                                               @ForAll @IntRange(min = 1, max = 5) int closeEvery) {
        Random r = new Random(seed);
        KeyBuckets alone = KeyBuckets.startingAt(START, I);
        KeyBuckets series = null;
        byte[] entry = null;
        long closedThrough = START - I;
        double[] zeros = new double[1];
        Seen a = new Seen();
        Seen b = new Seen();
        for (int bucket = 0; bucket < 40; bucket++) {
            for (int i = r.nextInt(4); i > 0; i--) {
                long t = START + bucket * I + r.nextInt((int) I);
                long start = t - Math.floorMod(t - START, I);
                alone.count(start, t, ONE, null);
                KeyBuckets e = entry == null ? KeyBuckets.startingAt(start, I) : KeyBuckets.fromBytes(entry);
                e.forgetThrough(closedThrough);
                e.count(start, t, ONE, null);
                entry = e.toBytes();
            }
            if (bucket % closeEvery == 0 && bucket > 0) {
                long through = START + (bucket - 1) * I;
                alone.close(through, I, Long.MAX_VALUE / 4, Integer.MAX_VALUE, zeros, a);
                if (series == null && entry != null) {
                    series = KeyBuckets.fromBytes(entry);
                } else if (entry != null) {
                    series.absorb(KeyBuckets.fromBytes(entry));
                }
                if (series != null) {
                    series.close(through, I, Long.MAX_VALUE / 4, Integer.MAX_VALUE, zeros, b);
                    series = series.withoutOpen();
                }
                closedThrough = through;
            }
        }
        assertThat(b.out).isEqualTo(a.out.subList(a.out.size() - b.out.size(), a.out.size()));
        assertThat(b.out.stream().filter(x -> !x.endsWith("=[0.0]")).toList())
                .isEqualTo(a.out.stream().filter(x -> !x.endsWith("=[0.0]")).toList());
    }

    @Test
    void silentBucketsCloseAsZerosAndSilenceBeyondTheLimitIsOneGap() {
        KeyBuckets b = KeyBuckets.startingAt(START, I);
        b.count(START, START + 5, ONE, null);
        b.count(START, START + 6, ONE, null);
        b.count(START + 10 * I, START + 10 * I, ONE, null);
        Seen seen = new Seen();
        int closed = b.close(START + 12 * I, I, 3 * I, Integer.MAX_VALUE, new double[1], seen);
        assertThat(seen.out).containsExactly("0=[2.0]", "1=[0.0]", "2=[0.0]", "3=[0.0]", "gap 4-10", "10=[1.0]", "11=[0.0]",
                "12=[0.0]");
        assertThat(closed).isEqualTo(7);
        assertThat(b.lastClosed()).isEqualTo(START + 12 * I);
        assertThat(b.lastCounted()).isEqualTo(START + 10 * I);
        assertThat(b.lastEvent()).isEqualTo(START + 10 * I);
    }

    @Test
    void aSilenceBeyondTheLimitWithNothingAfterItRunsPastTheClose() {
        KeyBuckets b = KeyBuckets.startingAt(START, I);
        b.count(START, START, ONE, null);
        Seen seen = new Seen();
        b.close(START + 100 * I, I, 2 * I, Integer.MAX_VALUE, new double[1], seen);
        assertThat(seen.out).containsExactly("0=[1.0]", "1=[0.0]", "2=[0.0]", "gap 3-101");
        assertThat(b.lastClosed()).isEqualTo(START + 100 * I);
    }

    /** Counts that would overflow (1.7e308 twice) or not be counts are refused and change nothing. */
    @Test
    void sumsThatWouldNotBeCountsAreRefusedAndChangeNothing() {
        KeyBuckets b = KeyBuckets.startingAt(START, I);
        b.add(START, START, new double[] {1.7e308 / 1e300});
        byte[] before = b.toBytes();
        for (double[] bad : new double[][] {{1.7e308}, {KeyBuckets.MAX_COUNT}, {Double.NaN}, {Double.POSITIVE_INFINITY}, {-5}}) {
            assertThatThrownBy(() -> b.add(START, START + 1, bad)).as(Arrays.toString(bad))
                    .isInstanceOf(KeyBuckets.CountOverflowException.class).hasMessageContaining("must stay in [0, 9007199254740992]").hasMessageContaining("feature 0: adding");
            assertThat(b.toBytes()).isEqualTo(before);
        }
        KeyBuckets twice = KeyBuckets.startingAt(START, I);
        twice.add(START, START, new double[] {KeyBuckets.MAX_COUNT / 2 + 1});
        assertThatThrownBy(() -> twice.add(START, START, new double[] {KeyBuckets.MAX_COUNT / 2 + 1}))
                .isInstanceOf(KeyBuckets.CountOverflowException.class);
        assertThat(twice.open().get(START)).containsExactly(KeyBuckets.MAX_COUNT / 2 + 1);
        KeyBuckets full = KeyBuckets.startingAt(START, I);
        full.add(START, START, new double[] {KeyBuckets.MAX_COUNT});
        byte[] atMax = full.toBytes();
        assertThatThrownBy(() -> full.count(START, START + 9, ONE, null)).as("one more event")
                .isInstanceOf(KeyBuckets.CountOverflowException.class);
        assertThat(full.toBytes()).as("a refused event changes nothing").isEqualTo(atMax);
    }

    @Test
    void absorbingSumsOpenBucketsAndDropsThoseAlreadyClosed() {
        KeyBuckets closedUpTo = KeyBuckets.startingAt(START, I);
        closedUpTo.count(START, START, ONE, null);
        closedUpTo.close(START + 2 * I, I, Long.MAX_VALUE, Integer.MAX_VALUE, new double[1], new Seen());
        closedUpTo.count(START + 4 * I, START + 4 * I, ONE, null);
        KeyBuckets later = KeyBuckets.startingAt(START + I, I);
        later.count(START + I, START + I, ONE, null);
        later.count(START + 4 * I, START + 4 * I + 9, ONE, null);
        later.count(START + 5 * I, START + 5 * I + 7, ONE, null);
        assertThat(closedUpTo.absorb(later)).as("bucket 1 was closed already").isEqualTo(1);
        assertThat(closedUpTo.open()).containsOnlyKeys(START + 4 * I, START + 5 * I);
        assertThat(closedUpTo.open().get(START + 4 * I)).containsExactly(2.0);
        assertThat(closedUpTo.lastEvent()).isEqualTo(START + 5 * I + 7);
    }

    @Test
    void anOutOfOrderEventBeforeAnythingClosedMovesTheStartBack() {
        KeyBuckets b = KeyBuckets.startingAt(START + 5 * I, I);
        b.startAt(START + 3 * I, I);
        b.count(START + 3 * I, START + 3 * I, ONE, null);
        Seen seen = new Seen();
        b.close(START + 5 * I, I, Long.MAX_VALUE, Integer.MAX_VALUE, new double[1], seen);
        assertThat(seen.out).containsExactly("3=[1.0]", "4=[0.0]", "5=[0.0]");
    }

    /**
     * The saved form, {@code golden/key-buckets-format-1.bin} (rewrite with
     * {@code -Dblip.golden.write=true} only when the format changes; keep the old file as a fixture of
     * the old format).
     */
    @Test
    void theSavedFormIsStable() throws IOException {
        KeyBuckets b = KeyBuckets.startingAt(START, I);
        b.count(START, START + 1, ONE, null);
        b.close(START, I, Long.MAX_VALUE, Integer.MAX_VALUE, new double[1], new Seen());
        b.add(START + I, START + I + 2, new double[] {3});
        b.add(START + 2 * I, START + 2 * I + 5, new double[] {0.5});
        if (Boolean.getBoolean("blip.golden.write")) {
            Files.write(Path.of("src/test/resources/golden/key-buckets-format-1.bin"), b.toBytes());
        }
        byte[] golden;
        try (InputStream in = KeyBucketsTest.class.getResourceAsStream("/golden/key-buckets-format-1.bin")) {
            assertThat(in).isNotNull();
            golden = in.readAllBytes();
        }
        assertThat(golden[0]).isEqualTo((byte) 1);
        assertThat(b.toBytes()).isEqualTo(golden);
        KeyBuckets back = KeyBuckets.fromBytes(golden);
        assertThat(back.lastClosed()).isEqualTo(START);
        assertThat(back.lastCounted()).isEqualTo(START);
        assertThat(back.lastEvent()).isEqualTo(START + 2 * I + 5);
        assertThat(back.open()).containsOnlyKeys(START + I, START + 2 * I);
        assertThat(back.open().get(START + 2 * I)).containsExactly(0.5);
        assertThat(golden).hasSize(1 + 24 + 8 + 2 * 16);
    }

    @Test
    void corruptSavedFormsAreRefused() {
        KeyBuckets b = KeyBuckets.startingAt(START, I);
        b.add(START, START, new double[] {2});
        byte[] good = b.toBytes();
        for (int cut : new int[] {0, 1, 20, good.length - 1}) {
            assertThatThrownBy(() -> KeyBuckets.fromBytes(Arrays.copyOf(good, cut))).as("cut at %d", cut)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> KeyBuckets.fromBytes(Arrays.copyOf(good, good.length + 1))).isInstanceOf(IllegalArgumentException.class);
        byte[] nan = good.clone();
        java.nio.ByteBuffer.wrap(nan).putDouble(good.length - 8, Double.NaN);
        assertThatThrownBy(() -> KeyBuckets.fromBytes(nan)).hasMessageContaining("count NaN");
        byte[] other = good.clone();
        other[0] = 7;
        assertThatThrownBy(() -> KeyBuckets.fromBytes(other)).hasMessageContaining("format 7");
    }
}
