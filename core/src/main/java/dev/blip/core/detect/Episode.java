package dev.blip.core.detect;

import java.util.List;

/**
 * One anomaly episode of a key: opened by its first anomalous bucket, closed after a run of
 * normal ones. An episode is reported twice, once when it opens and once when it closes.
 *
 * @param id                stable identity: the key and the start bucket
 * @param key               the key
 * @param open              true for the opening report, false for the closing one
 * @param startBucket       start of the first anomalous bucket
 * @param lastBucket        start of the last anomalous bucket so far
 * @param anomalousBuckets  anomalous buckets in the episode so far
 * @param peakScore         highest combined score
 * @param peakBucket        start of the bucket with that score
 * @param peakActual        counts per feature at the peak
 * @param peakExpected      expected counts per feature at the peak
 * @param peakExpectedLow   lower end of the expected band at the peak (null when the model has no band)
 * @param peakExpectedHigh  upper end of that band
 * @param reasons           every signal that fired during the episode
 */
public record Episode(String id, String key, boolean open, long startBucket, long lastBucket, int anomalousBuckets,
                      double peakScore, long peakBucket, double[] peakActual, double[] peakExpected,
                      double[] peakExpectedLow, double[] peakExpectedHigh, List<String> reasons) {

    public static String idOf(String key, long startBucket) {
        return key + "@" + java.time.Instant.ofEpochMilli(startBucket);
    }
}
