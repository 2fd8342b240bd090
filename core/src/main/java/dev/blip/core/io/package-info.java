/**
 * File output that readers can trust: everything the trainer writes (bundles, scored CSVs,
 * reports) goes through {@link dev.blip.core.io.AtomicFiles}, so a scorer watching a bundle path
 * or a script reading a CSV never sees half a file.
 */
package dev.blip.core.io;
