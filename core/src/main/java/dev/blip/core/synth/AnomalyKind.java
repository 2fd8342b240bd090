package dev.blip.core.synth;

/** The kinds of anomaly {@link SyntheticTraffic} injects. */
public enum AnomalyKind {
    /** A burst: several times the normal rate for a few buckets. */
    SPIKE,
    /** The key goes completely silent. */
    DROP_TO_SILENCE,
    /** The rate jumps to a new level and stays there for the anomaly's duration. */
    LEVEL_SHIFT,
    /** The rate ramps away from normal, slowly. */
    DRIFT
}
