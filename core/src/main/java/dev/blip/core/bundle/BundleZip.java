package dev.blip.core.bundle;

import dev.blip.core.io.LogText;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Zip plumbing for bundles, hostile-input safe: only named entries are accepted, each at most
 * once, and every entry's size is capped by counting the bytes actually inflated (a zip's declared
 * sizes are attacker-controlled, so a small "bomb" could otherwise inflate to gigabytes).
 */
final class BundleZip {

    private static final int CHUNK = 64 * 1024;

    private BundleZip() {
    }

    /** Which entries an archive may hold, and the most bytes each may inflate to. */
    record Allowed(Map<String, Long> caps) {

        boolean permits(String name) {
            return caps.containsKey(name);
        }

        long cap(String name) {
            return caps.get(name);
        }

        String names() {
            return String.join(", ", caps.keySet());
        }
    }

    /** An opened outer bundle: entries are checked on open and read on demand, each capped. */
    static final class Archive implements AutoCloseable {
        private final ZipFile zip;
        private final Path path;
        private final Allowed allowed;

        private Archive(ZipFile zip, Path path, Allowed allowed) {
            this.zip = zip;
            this.path = path;
            this.allowed = allowed;
        }

        static Archive open(Path path, Allowed allowed) {
            ZipFile zip;
            try {
                zip = new ZipFile(path.toFile());
            } catch (NoSuchFileException e) {
                throw new BundleException("file", "no model bundle at " + path);
            } catch (ZipException e) {
                throw new BundleException("file", path + " is not a readable zip archive (truncated or corrupt): " + e.getMessage());
            } catch (IOException e) {
                throw new BundleException("file", "cannot read " + path + ": " + e.getMessage(), e);
            }
            Archive archive = new Archive(zip, path, allowed);
            try {
                archive.checkNames();
            } catch (RuntimeException e) {
                archive.close();
                throw e;
            }
            return archive;
        }

        private void checkNames() {
            Set<String> seen = new HashSet<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                checkName(name, allowed, path.toString(), "file");
                if (!seen.add(name)) {
                    throw new BundleException("file", "entry '" + LogText.escape(name) + "' occurs twice in " + path);
                }
            }
        }

        boolean has(String name) {
            return zip.getEntry(name) != null;
        }

        /** The entry's bytes, refused when missing or when it inflates past its cap. */
        byte[] read(String name) {
            return read(name, allowed.cap(name));
        }

        byte[] read(String name, long cap) {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                throw new BundleException(name, "missing from " + path);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return capped(in, cap, name, path.toString());
            } catch (ZipException e) {
                throw new BundleException(name, "corrupt entry in " + path + ": " + e.getMessage());
            } catch (IOException e) {
                throw new BundleException(name, "cannot read the entry in " + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only; nothing to lose
            }
        }
    }

    /** Reads a zip held in memory (the network inside a bundle), allowing only the named entries. */
    static Map<String, byte[]> readNested(byte[] bytes, Allowed allowed, String where) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName();
                checkName(name, allowed, where, BundleIO.NETWORK);
                if (out.containsKey(name)) {
                    throw new BundleException(BundleIO.NETWORK, "entry '" + LogText.escape(name) + "' occurs twice in " + where);
                }
                out.put(name, capped(in, allowed.cap(name), BundleIO.NETWORK + "/" + name, where));
            }
        } catch (IOException e) {
            throw new BundleException(BundleIO.NETWORK, where + " is not a readable zip archive: " + e.getMessage());
        }
        return out;
    }

    private static void checkName(String name, Allowed allowed, String where, String field) {
        if (!allowed.permits(name)) {
            throw new BundleException(field, "unexpected entry '" + LogText.escape(name) + "' in " + where + " (it may hold only "
                    + allowed.names() + "; blip reads weights and configuration, never serialised objects)");
        }
    }

    /** Reads at most {@code cap} bytes, counting what is actually inflated; one byte more is a refusal. */
    static byte[] capped(InputStream in, long cap, String field, String where) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(cap, CHUNK));
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > cap) {
                throw new BundleException(field, "entry in " + where + " inflates to more than " + cap
                        + " bytes, the most a bundle of this model may hold (zip bomb or wrong model)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0L);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}
