package dev.blip.core.synth;

/** Ground truth: {@code key} is anomalous in buckets {@code [startBucket, endBucket)} of the generated grid. */
public record InjectedAnomaly(String key, AnomalyKind kind, int startBucket, int endBucket, long startMillis,
                              long endMillis) {

    public boolean covers(long bucketStartMillis) {
        return bucketStartMillis >= startMillis && bucketStartMillis < endMillis;
    }
}
