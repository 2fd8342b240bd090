package dev.blip.scorer.state;

import dev.blip.core.bucket.KeyBuckets;
import dev.blip.core.detect.DetectorState;
import dev.blip.core.window.KeyWindowState;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.TreeMap;

/**
 * The saved form of a {@link KeyState} in the key-state store and its changelog. Versioned by a
 * leading format byte:
 * <ul>
 *   <li>format 1: signature, last closed bucket, newest event time, the open buckets' counts, and
 *       the window state ({@link KeyWindowState#toBytes()}, core's own format);</li>
 *   <li>format 2 appended the detector part: the identity of the model the detector state was built
 *       for, the detector state ({@link DetectorState#toBytes()}; length 0 for none), and the open
 *       episode's peak as the scorer saw it (bucket, score, expected band);</li>
 *   <li>format 3 dropped that peak: the detector state itself keeps the band at the peak;</li>
 *   <li>format 4: signature, the key's {@link KeyBuckets} (core's own format: closed position,
 *       last bucket with events, newest event time; open buckets live in their own store since this
 *       format and are normally absent here), the window state, the detector's model identity and
 *       the detector state.</li>
 * </ul>
 * Older entries still decode, their open buckets included (the next close takes them over):
 * format 1 without a detector state (the key's next conform gives it a fresh one), format 2 with
 * its scorer-side peak dropped. They have no record of the last bucket with events; the last
 * closed bucket stands in for it.
 */
public final class KeyStateCodec {

    public static final int FORMAT = 4;

    private KeyStateCodec() {
    }

    public static byte[] encode(KeyState s) {
        int buckets = s.buckets().byteSize();
        int window = s.window().byteSize();
        int detector = s.detector() == null ? 0 : s.detector().byteSize();
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 4 + buckets + 4 + window + 8 + 4 + detector);
        out.put((byte) FORMAT).putLong(s.signature());
        out.putInt(buckets);
        s.buckets().writeTo(out);
        out.putInt(window);
        s.window().writeTo(out);
        out.putLong(s.detectorModel());
        out.putInt(detector);
        if (s.detector() != null) {
            s.detector().writeTo(out);
        }
        return out.array();
    }

    /**
     * The start of the last closed bucket without decoding the rest, or {@link Long#MIN_VALUE}
     * when the bytes are too short to say (decode them to find out why).
     */
    public static long lastClosed(byte[] data) {
        if (data == null || data.length < 1 + 8 + 4 + 1 + 8) {
            return Long.MIN_VALUE;
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        return switch (data[0]) {
            case 4 -> in.getLong(1 + 8 + 4 + 1);
            case 1, 2, 3 -> in.getLong(1 + 8);
            default -> Long.MIN_VALUE;
        };
    }

    /** @throws IllegalArgumentException when the bytes are not a key state of a known format */
    public static KeyState decode(byte[] data) {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            int format = in.get();
            KeyState s = switch (format) {
                case 4 -> new KeyState(in.getLong(), KeyBuckets.readFrom(in, length(in)), KeyWindowState.readFrom(in, length(in)));
                case 1, 2, 3 -> decodeBeforeSplit(in);
                default -> throw new IllegalArgumentException("scorer key state format " + format + " is not supported (expected 1 to "
                        + FORMAT + ")");
            };
            if (format >= 2) {
                s.detectorModel = in.getLong();
                int detector = length(in);
                s.detector = detector == 0 ? null : DetectorState.readFrom(in, detector);
                if (format == 2) {
                    skipScorerPeak(in);
                }
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("corrupt scorer key state: " + in.remaining() + " bytes left over");
            }
            return s;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("corrupt scorer key state: " + data.length + " bytes end early", e);
        }
    }

    /** Formats 1 to 3: the open buckets were part of the entry. */
    private static KeyState decodeBeforeSplit(ByteBuffer in) {
        long signature = in.getLong();
        long lastClosed = in.getLong();
        long lastEvent = in.getLong();
        int n = in.getInt();
        int features = in.getInt();
        if (n < 0 || features < 0 || (long) n * (8 + 8L * features) > in.remaining()) {
            throw new IllegalArgumentException("corrupt scorer key state: " + n + " open buckets of " + features
                    + " features in " + in.capacity() + " bytes");
        }
        TreeMap<Long, double[]> open = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            long start = in.getLong();
            double[] counts = new double[features];
            for (int f = 0; f < features; f++) {
                counts[f] = in.getDouble();
            }
            open.put(start, counts);
        }
        KeyBuckets buckets = KeyBuckets.restore(lastClosed, lastClosed, lastEvent, open);
        return new KeyState(signature, buckets, KeyWindowState.readFrom(in, length(in)));
    }

    /** Format 2's scorer-side peak (bucket, score, band): the detector state keeps the band since format 3. */
    private static void skipScorerPeak(ByteBuffer in) {
        in.getLong();
        in.getDouble();
        int band = in.getInt();
        if (band < 0 || band > 1024 || 16L * band > in.remaining()) {
            throw new IllegalArgumentException("corrupt scorer key state: band of " + band + " features");
        }
        in.position(in.position() + 16 * band);
    }

    /** The length of the next part; the part's own reader checks that it holds exactly that many bytes. */
    private static int length(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("corrupt scorer key state: a part of " + length + " bytes in " + in.remaining());
        }
        return length;
    }
}
