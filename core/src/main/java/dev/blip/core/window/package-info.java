/**
 * Sliding windows of transformed buckets. {@link dev.blip.core.window.WindowAssembler} advances a
 * key's {@link dev.blip.core.window.KeyWindowState} one closed bucket at a time and yields the
 * window that ends at each bucket once the key is warm; the trainer (whole series) and the scorer
 * (one punctuation at a time) both go through it, which is what makes their scores identical.
 */
package dev.blip.core.window;
