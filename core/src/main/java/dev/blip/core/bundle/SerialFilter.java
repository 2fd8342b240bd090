package dev.blip.core.bundle;

import java.io.ObjectInputFilter;

/**
 * Defence in depth: blip never deserialises Java objects (bundles are read as JSON and numbers),
 * but a library might. The process-wide filter the scorer and trainer install lets only JDK
 * classes through, in small graphs (depth, references, array length and bytes capped), so a
 * crafted stream can neither reach a gadget class nor exhaust memory, stack or CPU.
 */
public final class SerialFilter {

    /** The filter's pattern, in the syntax of the {@code jdk.serialFilter} property. */
    public static final String PATTERN = "maxdepth=20;maxrefs=10000;maxarray=100000;maxbytes=1048576;java.base/*;!*";
    public static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(PATTERN);

    private SerialFilter() {
    }

    /**
     * Installs {@link #FILTER} as the JVM-wide filter unless one is set already (for example with
     * {@code -Djdk.serialFilter=...}, which the operator's choice wins). Returns the filter in force.
     */
    public static synchronized ObjectInputFilter installProcessWide() {
        ObjectInputFilter current = ObjectInputFilter.Config.getSerialFilter();
        if (current == null) {
            ObjectInputFilter.Config.setSerialFilter(FILTER);
            return FILTER;
        }
        return current;
    }
}
