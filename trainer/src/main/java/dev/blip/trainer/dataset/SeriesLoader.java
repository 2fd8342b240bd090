package dev.blip.trainer.dataset;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.bucket.MissingPolicy;
import dev.blip.core.bucket.SeriesResampler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a series file and puts it on the bucket grid with the core {@link SeriesResampler}.
 * The interval is the one given, else the median spacing of the file's timestamps. Duplicate
 * timestamps, rows sharing a bucket, out-of-order rows and filled gaps are reported once each
 * as warnings; none of them is fatal.
 */
public final class SeriesLoader {

    private final BucketInterval interval;
    private final MissingPolicy missing;
    private final SeriesCsvReader reader;

    /**
     * @param interval null to infer it per file from the median spacing
     */
    public SeriesLoader(BucketInterval interval, MissingPolicy missing, List<String> valueColumns) {
        this.interval = interval;
        this.missing = missing;
        this.reader = new SeriesCsvReader(valueColumns, missing == MissingPolicy.ZERO);
    }

    public LoadedSeries load(Path file, String key) {
        SeriesTable table = reader.read(file);
        BucketInterval width = interval != null ? interval : infer(table);
        SeriesResampler.Result r = new SeriesResampler(width, missing)
                .resample(key, new FeatureSpec(table.columns()), table.timestamps(), table.values());
        List<String> warnings = new ArrayList<>();
        if (r.sharedBuckets() > 0) {
            warnings.add(file + ": " + r.sharedBuckets() + " row(s) share a " + width + " bucket with an earlier row ("
                    + (missing == MissingPolicy.ZERO ? "summed" : "averaged") + ")");
        }
        if (r.outOfOrderRows() > 0) {
            warnings.add(file + ": " + r.outOfOrderRows() + " row(s) are out of time order (placed in their bucket)");
        }
        if (r.filledBuckets() > 0) {
            warnings.add(file + ": " + r.filledBuckets() + " empty " + width + " bucket(s) filled with policy "
                    + missing.name().toLowerCase(java.util.Locale.ROOT));
        }
        return new LoadedSeries(table, r.series(), r.rowBucket(), warnings);
    }

    private static BucketInterval infer(SeriesTable table) {
        try {
            return BucketInterval.inferFrom(table.timestamps());
        } catch (IllegalArgumentException e) {
            throw new InputException(table.file().toString(), null, "too_short",
                    "cannot infer the bucket interval: " + e.getMessage() + " (give --bucket)");
        }
    }
}
