package dev.blip.scorer.topology.serdes;

import dev.blip.core.detect.DetectorState;
import dev.blip.core.window.KeyWindowState;
import dev.blip.scorer.topology.KeyState;
import dev.blip.scorer.topology.KeyStates;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The saved form of a {@link KeyState} in the state store and its changelog. Versioned by a
 * leading format byte:
 * <ul>
 *   <li>format 1: signature, last closed bucket, newest event time, the open buckets' counts, and
 *       the window state ({@link KeyWindowState#toBytes()}, core's own format);</li>
 *   <li>format 2 appended the detector part: the identity of the model the detector state was built
 *       for, the detector state ({@link DetectorState#toBytes()}, core's own format; length 0 for
 *       none), and the open episode's peak as the scorer saw it (bucket, score, expected band);</li>
 *   <li>format 3 drops that peak: the detector state itself keeps the band at the peak.</li>
 * </ul>
 * Older entries still decode: format 1 without a detector state (the key's next conform gives it
 * a fresh one), format 2 with its scorer-side peak read and dropped (an episode open across the
 * upgrade reports its peak without a band).
 */
public final class KeyStateCodec {

    public static final int FORMAT = 3;

    private KeyStateCodec() {
    }

    public static byte[] encode(KeyState s) {
        byte[] window = s.window().toBytes();
        byte[] detector = s.detector() == null ? new byte[0] : s.detector().toBytes();
        int features = s.open().isEmpty() ? 0 : s.open().firstEntry().getValue().length;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + window.length + detector.length
                + s.open().size() * (8 + 8 * features));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(s.signature());
            out.writeLong(s.lastClosed());
            out.writeLong(s.lastEvent());
            out.writeInt(s.open().size());
            out.writeInt(features);
            for (Map.Entry<Long, double[]> e : s.open().entrySet()) {
                out.writeLong(e.getKey());
                for (double v : e.getValue()) {
                    out.writeDouble(v);
                }
            }
            out.writeInt(window.length);
            out.write(window);
            out.writeLong(s.detectorModel());
            out.writeInt(detector.length);
            out.write(detector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a key state of a known format */
    public static KeyState decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format < 1 || format > FORMAT) {
                throw new IllegalArgumentException("scorer key state format " + format + " is not supported (expected 1 to "
                        + FORMAT + ")");
            }
            long signature = in.readLong();
            long lastClosed = in.readLong();
            long lastEvent = in.readLong();
            int n = in.readInt();
            int features = in.readInt();
            if (n < 0 || features < 0 || (long) n * (8 + 8L * features) > data.length) {
                throw new IllegalArgumentException("corrupt scorer key state: " + n + " open buckets of " + features
                        + " features in " + data.length + " bytes");
            }
            long[] starts = new long[n];
            double[][] counts = new double[n][features];
            for (int i = 0; i < n; i++) {
                starts[i] = in.readLong();
                for (int f = 0; f < features; f++) {
                    counts[i][f] = in.readDouble();
                }
            }
            KeyState s = KeyStates.restore(signature, lastClosed, lastEvent, KeyWindowState.fromBytes(bytes(in, data.length)));
            for (int i = 0; i < n; i++) {
                s.open().put(starts[i], counts[i]);
            }
            if (format >= 2) {
                long model = in.readLong();
                byte[] detector = bytes(in, data.length);
                if (format == 2) {
                    skipScorerPeak(in);
                }
                s.restoreDetector(model, detector.length == 0 ? null : DetectorState.fromBytes(detector));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("corrupt scorer key state: " + in.available() + " bytes left over");
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt scorer key state: " + e.getMessage(), e);
        }
    }

    /** Format 2's scorer-side peak (bucket, score, band): the detector state keeps the band since format 3. */
    private static void skipScorerPeak(DataInputStream in) throws IOException {
        in.readLong();
        in.readDouble();
        int band = in.readInt();
        if (band < 0 || band > 1024) {
            throw new IllegalArgumentException("corrupt scorer key state: band of " + band + " features");
        }
        in.readFully(new byte[16 * band]);
    }

    private static byte[] bytes(DataInputStream in, int limit) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > limit) {
            throw new IllegalArgumentException("corrupt scorer key state: a part of " + length + " bytes in " + limit);
        }
        byte[] out = new byte[length];
        in.readFully(out);
        return out;
    }
}
