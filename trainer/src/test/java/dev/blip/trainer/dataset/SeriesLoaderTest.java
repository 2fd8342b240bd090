package dev.blip.trainer.dataset;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.MissingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesLoaderTest {

    @TempDir
    Path dir;

    @Test
    void acceptsNabIsoAndEpochTimestampsAsUtc() {
        long t = Instant.parse("2014-04-10T07:15:00Z").toEpochMilli();
        assertThat(Timestamps.parse("2014-04-10 07:15:00")).isEqualTo(t);
        assertThat(Timestamps.parse("2014-04-10 07:15:00.000000")).isEqualTo(t);
        assertThat(Timestamps.parse("2014-04-10T07:15:00Z")).isEqualTo(t);
        assertThat(Timestamps.parse("2014-04-10T09:15:00+02:00")).isEqualTo(t);
        assertThat(Timestamps.parse(Long.toString(t))).isEqualTo(t);
    }

    @Test
    void infersIntervalPlacesDuplicatesAndOutOfOrderRowsAndWarnsOnce() {
        Path f = Fixtures.write(dir.resolve("s.csv"), List.of("timestamp,value,label",
                "2014-04-10 00:00:00,1,0", "2014-04-10 00:05:00,2,0", "2014-04-10 00:05:00,4,0",
                "2014-04-10 00:20:00,8,1", "2014-04-10 00:10:00,3,0", "2014-04-10 00:25:00,5,0"));
        LoadedSeries s = new SeriesLoader(null, MissingPolicy.LINEAR, null).load(f, "s");
        assertThat(s.series().interval()).isEqualTo(BucketInterval.parse("5m"));
        assertThat(s.table().columns()).containsExactly("value");
        assertThat(s.rowBucket()).containsExactly(0, 1, 1, 4, 2, 5);
        assertThat(s.series().values()).isDeepEqualTo(new double[][] {{1}, {3}, {3}, {5.5}, {8}, {5}});
        assertThat(s.warnings()).hasSize(3);
        assertThat(s.warnings().get(0)).contains("1 row(s) share a 5m bucket").contains("averaged");
        assertThat(s.warnings().get(1)).contains("1 row(s) are out of time order");
        assertThat(s.warnings().get(2)).contains("1 empty 5m bucket(s) filled with policy linear");
    }

    @Test
    void countsAreSummedAndGapsAreZeroByDefault() {
        Path f = Fixtures.write(dir.resolve("c.csv"), List.of("timestamp,value",
                "1700000000000,1", "1700000000000,2", "1700000120000,4"));
        LoadedSeries s = new SeriesLoader(BucketInterval.parse("1m"), MissingPolicy.ZERO, null).load(f, "c");
        assertThat(s.series().values()).isDeepEqualTo(new double[][] {{3}, {0}, {4}});
    }
}
