package dev.blip.reliability.support;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.BundleManifest;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.testkit.CraftedBundles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

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
        Map<String, byte[]> entries = CraftedBundles.entries(bundle);
        String manifest = new String(entries.get(BundleIO.MANIFEST), StandardCharsets.UTF_8);
        String edited = manifest.replaceFirst("\"createdAt\" : \"[^\"]*\"", "\"createdAt\" : \"2030-01-01T00:00:00Z\"");
        if (edited.equals(manifest)) {
            throw new IllegalStateException("cannot find createdAt in the manifest");
        }
        entries.put(BundleIO.MANIFEST, edited.getBytes(StandardCharsets.UTF_8));
        return CraftedBundles.zip(entries);
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
        return CraftedBundles.manifest(bundle, m -> m.put("formatVersion", 99));
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
}
