/**
 * The model bundle: one zip with a JSON manifest (format version, content hash as model
 * version, features, interval, window, transforms with fitted parameters, calibration, training
 * summary) and the DL4J network. No loose files: the normaliser and threshold travel inside.
 * {@link dev.blip.core.bundle.BundleIO#load} refuses corrupt, tampered and incompatible bundles
 * with a {@link dev.blip.core.bundle.BundleException} naming the field.
 */
package dev.blip.core.bundle;
