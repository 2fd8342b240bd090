package dev.blip.core.score;

/**
 * Which part of a window's reconstruction error becomes its raw score.
 * <ul>
 *   <li>{@link #NEWEST}: the newest bucket's squared error, averaged over the channels. A window
 *       is scored for the bucket it ends at, so each bucket is judged once, when it closes: a
 *       spike is flagged on its own bucket and not again for the next {@code T - 1} windows that
 *       still contain it. The default.</li>
 *   <li>{@link #WINDOW}: the mean squared error over the whole window (earlier models).</li>
 * </ul>
 */
public enum ErrorScope {
    NEWEST, WINDOW
}
