/**
 * The model bundle: one zip with a JSON manifest (format version, content hash as model
 * version, features, interval, window, transforms with fitted parameters, calibration, training
 * summary), the network as DL4J's JSON configuration plus its coefficient vector, and optionally
 * an Ed25519 signature of the content hash. No loose files: the normaliser and threshold travel
 * inside.
 *
 * <p>A bundle is data, never code. {@link dev.blip.core.bundle.BundleIO} orchestrates loading;
 * {@link dev.blip.core.bundle.BundleZip} accepts only named entries and caps each by the bytes
 * it actually inflates to; {@link dev.blip.core.bundle.NetworkCodec} reads the configuration
 * (classes allowlisted before DL4J parses it) and {@link dev.blip.core.bundle.Coefficients} the
 * weights (exact count, finite) without ever deserialising a Java object;
 * {@link dev.blip.core.bundle.BundleManifest#violations()} checks the manifest through its
 * components' own {@code violations()}; {@link dev.blip.core.bundle.BundleSignature} signs and
 * verifies. Anything refused is a {@link dev.blip.core.bundle.BundleException} naming the field.
 * When the network's layers change, extend {@code NetworkCodec.ALLOWED_CLASSES} and keep the saved
 * bundles of earlier formats loading ({@code SavedBundleCompatibilityTest}).
 */
package dev.blip.core.bundle;
