package dev.blip.core.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test helpers that take bundles apart and put (tampered) ones back together. */
final class BundleFiles {

    private static final String UNSET = "0".repeat(64);

    private BundleFiles() {
    }

    static Map<String, byte[]> entries(Path zipPath) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(zipPath.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    out.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    static Path write(Path target, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return target;
    }

    /**
     * Edits the manifest JSON and re-computes the content hash the way a careful forger would,
     * so that the check under test (not the hash check) is the one that fires.
     */
    static Map<String, byte[]> editManifestAndRehash(Map<String, byte[]> entries, Consumer<ObjectNode> edit)
            throws IOException {
        ObjectNode manifest = (ObjectNode) BundleIO.json().readTree(entries.get(BundleIO.MANIFEST));
        edit.accept(manifest);
        manifest.put("modelVersion", UNSET);
        String text = BundleIO.json().writeValueAsString(manifest);
        String hash = BundleIO.sha256(entries.get(BundleIO.NETWORK), text.getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> out = new LinkedHashMap<>(entries);
        out.put(BundleIO.MANIFEST, text.replace("\"" + UNSET + "\"", "\"" + hash + "\"").getBytes(StandardCharsets.UTF_8));
        return out;
    }
}
