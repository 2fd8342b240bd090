package dev.blip.core.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.BundleSignature;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Hostile bundles, built from a valid one the way an attacker who can write the bundle path would
 * build them: every one is re-hashed (the content hash is self-computed, so it proves nothing
 * against a forger), so the check under test, not the hash check, is the one that must fire.
 */
public final class CraftedBundles {

    private static final String UNSET = "0".repeat(64);

    private CraftedBundles() {
    }

    /** network.bin gains a {@code preprocessor.bin} holding a Java-serialised object graph (a nested-HashSet CPU bomb). */
    public static byte[] serializedObjectEntry(Path valid) {
        return withNetworkEntries(valid, inner -> inner.put("preprocessor.bin", nestedHashSetBomb()));
    }

    /** coefficients.bin replaced by {@code mib} MiB of zeros, deflated to about a thousandth of that. */
    public static byte[] innerZipBomb(Path valid, int mib) {
        return withNetworkEntries(valid, inner -> inner.put("coefficients.bin", new byte[mib << 20]));
    }

    /** network.bin followed by {@code mib} MiB of zeros: a small file whose network entry inflates past any sane size. */
    public static byte[] outerZipBomb(Path valid, int mib) {
        Map<String, byte[]> outer = entries(valid);
        byte[] net = outer.get(BundleIO.NETWORK);
        byte[] padded = new byte[net.length + (mib << 20)];
        System.arraycopy(net, 0, padded, 0, net.length);
        outer.put(BundleIO.NETWORK, padded);
        return rehash(outer, m -> { });
    }

    /** network.bin holds a zip of zips (10 deep) where the coefficients should be. */
    public static byte[] nestedZip(Path valid) {
        byte[] nested = "weights".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 10; i++) {
            Map<String, byte[]> one = new LinkedHashMap<>();
            one.put("coefficients.bin", nested);
            nested = zip(one);
        }
        byte[] coefficients = nested;
        return withNetworkEntries(valid, inner -> inner.put("coefficients.bin", coefficients));
    }

    /** One weight (index {@code index}) set to {@code value} (NaN, infinity). */
    public static byte[] weight(Path valid, int index, float value) {
        return withNetworkEntries(valid, inner -> {
            byte[] coefficients = inner.get("coefficients.bin").clone();
            ByteBuffer.wrap(coefficients).putFloat(firstValueOffset(coefficients) + 4 * index, value);
            inner.put("coefficients.bin", coefficients);
        });
    }

    /** The network configuration with one text replaced (e.g. a layer class by another class). */
    public static byte[] configuration(Path valid, String from, String to) {
        return withNetworkEntries(valid, inner -> {
            String json = new String(inner.get("configuration.json"), StandardCharsets.UTF_8);
            if (!json.contains(from)) {
                throw new IllegalArgumentException("configuration has no " + from);
            }
            inner.put("configuration.json", json.replace(from, to).getBytes(StandardCharsets.UTF_8));
        });
    }

    /** The manifest edited by {@code edit}, then re-hashed (any signature is dropped). */
    public static byte[] manifest(Path valid, Consumer<ObjectNode> edit) {
        Map<String, byte[]> outer = entries(valid);
        outer.remove(BundleSignature.ENTRY);
        return rehash(outer, edit);
    }

    /** The signature entry of {@code signed} moved onto {@code other}. */
    public static byte[] signatureFrom(Path signed, Path other) {
        Map<String, byte[]> outer = entries(other);
        outer.put(BundleSignature.ENTRY, entries(signed).get(BundleSignature.ENTRY));
        return zip(outer);
    }

    /** The bundle with an entry present twice (the second copy carries {@code second}). */
    public static byte[] duplicateEntry(Path valid, String name, byte[] second) {
        Map<String, byte[]> outer = entries(valid);
        String twin = name.substring(0, name.length() - 1) + "\u0001";
        outer.put(twin, second);
        byte[] bytes = zip(outer);
        byte[] from = twin.getBytes(StandardCharsets.UTF_8);
        byte[] to = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
        return bytes;
    }

    /**
     * A serialised HashSet graph that takes practically forever to deserialise (each level doubles
     * the hashCode work; 100 levels is 2^100), in about 6 KB.
     */
    public static byte[] nestedHashSetBomb() {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("x");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Path write(Path target, byte[] bytes) {
        try {
            return Files.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int firstValueOffset(byte[] coefficients) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(coefficients))) {
            in.readUTF();
            long n = in.readLong();
            in.readUTF();
            in.skipNBytes(8 * n);
            in.readUTF();
            in.readLong();
            in.readUTF();
            return coefficients.length - in.available();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] withNetworkEntries(Path valid, Consumer<Map<String, byte[]>> edit) {
        Map<String, byte[]> outer = entries(valid);
        outer.remove(BundleSignature.ENTRY);
        Map<String, byte[]> inner = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(outer.get(BundleIO.NETWORK)))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                inner.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        edit.accept(inner);
        outer.put(BundleIO.NETWORK, zip(inner));
        return rehash(outer, m -> { });
    }

    private static byte[] rehash(Map<String, byte[]> outer, Consumer<ObjectNode> edit) {
        try {
            ObjectNode manifest = (ObjectNode) BundleIO.json().readTree(outer.get(BundleIO.MANIFEST));
            edit.accept(manifest);
            manifest.put("modelVersion", UNSET);
            String text = BundleIO.json().writeValueAsString(manifest);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(outer.get(BundleIO.NETWORK));
            md.update(text.getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(md.digest());
            Map<String, byte[]> out = new LinkedHashMap<>(outer);
            out.put(BundleIO.MANIFEST, text.replace("\"" + UNSET + "\"", "\"" + hash + "\"").getBytes(StandardCharsets.UTF_8));
            return zip(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, byte[]> entries(Path bundle) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            for (var e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    out.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
