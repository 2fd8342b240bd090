package dev.blip.scorer.config;

/** What one input record is: a single event, or pre-aggregated counts for a key and time. */
public enum InputMode {
    /** One record is one event; it adds 1 to its bucket's total (and its category's feature). */
    EVENTS,
    /** One record carries counts ({@code value}: a number or an array, one per model feature) added to its bucket. */
    COUNTS
}
