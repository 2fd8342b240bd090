package dev.blip.core.testkit;

import dev.blip.core.bucket.BucketInterval;

/** The time base of every test series: 5-minute buckets from 2023-11-15T00:00Z. */
public final class TestTime {

    /** 2023-11-15T00:00:00Z in epoch milliseconds: the start of bucket 0. */
    public static final long START = 1_700_006_400_000L;
    /** Bucket width in milliseconds (5 minutes, the interval of {@link TestBundles#small()}). */
    public static final long BUCKET = 300_000L;
    /** {@link #BUCKET} as an interval. */
    public static final BucketInterval INTERVAL = BucketInterval.parse("5m");

    private TestTime() {
    }

    /** The start of bucket {@code t}. */
    public static long bucket(int t) {
        return START + t * BUCKET;
    }
}
