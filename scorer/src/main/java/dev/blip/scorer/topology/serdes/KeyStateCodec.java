package dev.blip.scorer.topology.serdes;

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
 * leading format byte; the window part is {@link KeyWindowState#toBytes()}, core's own format.
 */
public final class KeyStateCodec {

    static final int FORMAT = 1;

    private KeyStateCodec() {
    }

    public static byte[] encode(KeyState s) {
        byte[] window = s.window().toBytes();
        int features = s.open().isEmpty() ? 0 : s.open().firstEntry().getValue().length;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48 + window.length + s.open().size() * (8 + 8 * features));
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a key state of a known format */
    public static KeyState decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("scorer key state format " + format + " is not supported (expected " + FORMAT + ")");
            }
            long signature = in.readLong();
            long lastClosed = in.readLong();
            long lastEvent = in.readLong();
            int n = in.readInt();
            int features = in.readInt();
            long[] starts = new long[n];
            double[][] counts = new double[n][features];
            for (int i = 0; i < n; i++) {
                starts[i] = in.readLong();
                for (int f = 0; f < features; f++) {
                    counts[i][f] = in.readDouble();
                }
            }
            byte[] window = new byte[in.readInt()];
            in.readFully(window);
            KeyState s = KeyStates.restore(signature, lastClosed, lastEvent, KeyWindowState.fromBytes(window));
            for (int i = 0; i < n; i++) {
                s.open().put(starts[i], counts[i]);
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt scorer key state: " + e.getMessage(), e);
        }
    }
}
