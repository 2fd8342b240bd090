/**
 * Getting a model out: the bundle itself is written by core's {@code BundleIO.save} (temporary
 * file moved into place, content hash as model version); this package renders a manifest for
 * people ({@code inspect}).
 */
package dev.blip.trainer.export;
