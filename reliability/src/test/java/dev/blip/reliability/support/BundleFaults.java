package dev.blip.reliability.support;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.BundleManifest;
import dev.blip.core.bundle.ModelBundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Broken replacements for a bundle file, each put in place atomically (as a deploy would). */
public final class BundleFaults {

    private BundleFaults() {
    }

    /** The first half of the file: not a readable zip. */
    public static byte[] truncated(Path bundle) {
        byte[] all = read(bundle);
        byte[] half = new byte[all.length / 2];
        System.arraycopy(all, 0, half, 0, half.length);
        return half;
    }

    /** A valid zip whose manifest was edited after the content hash was computed (threshold changed). */
    public static byte[] tampered(Path bundle) {
        Map<String, byte[]> entries = entries(bundle);
        String manifest = new String(entries.get(BundleIO.MANIFEST), StandardCharsets.UTF_8);
        String edited = manifest.replaceFirst("\"createdAt\" : \"[^\"]*\"", "\"createdAt\" : \"2030-01-01T00:00:00Z\"");
        if (edited.equals(manifest)) {
            throw new IllegalStateException("cannot find createdAt in the manifest");
        }
        entries.put(BundleIO.MANIFEST, edited.getBytes(StandardCharsets.UTF_8));
        return zip(entries);
    }

    /** A valid, correctly hashed bundle with another bucket interval: loads, but cannot replace a running model. */
    public static byte[] otherInterval(ModelBundle bundle, Path scratch) {
        BundleManifest m = bundle.manifest();
        BundleManifest other = new BundleManifest(m.formatVersion(), m.product(), m.productVersion(), null, m.createdAt(),
                m.features(), "1m", m.windowStride(), m.model(), m.preprocessing(), m.calibration(), m.detector(), m.training(),
                m.metrics());
        BundleIO.save(other, bundle.network(), scratch);
        return read(scratch);
    }

    /** A correctly hashed bundle of a format this build does not know (written by a "newer blip"). */
    public static byte[] futureFormat(Path bundle) {
        Map<String, byte[]> entries = entries(bundle);
        String manifest = new String(entries.get(BundleIO.MANIFEST), StandardCharsets.UTF_8);
        String version = manifest.replaceAll("(?s).*\"modelVersion\" : \"([0-9a-f]{64})\".*", "$1");
        String blank = "0".repeat(64);
        String current = "\"formatVersion\" : " + BundleManifest.FORMAT_VERSION;
        if (!manifest.contains(current)) {
            throw new IllegalStateException("cannot find " + current + " in the manifest");
        }
        String future = manifest.replaceFirst(current, "\"formatVersion\" : 99").replace(version, blank);
        String hash = sha256(entries.get(BundleIO.NETWORK), future.getBytes(StandardCharsets.UTF_8));
        entries.put(BundleIO.MANIFEST, future.replace(blank, hash).getBytes(StandardCharsets.UTF_8));
        return zip(entries);
    }

    /** Replaces {@code target} atomically (new file, then rename), so the watcher sees a new file at once. */
    public static void replace(Path target, byte[] content) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), ".replace", ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> entries(Path bundle) {
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

    private static byte[] zip(Map<String, byte[]> entries) {
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

    private static String sha256(byte[] first, byte[] second) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(first);
            md.update(second);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
