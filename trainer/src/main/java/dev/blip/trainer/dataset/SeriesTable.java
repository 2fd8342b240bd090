package dev.blip.trainer.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed series file before resampling: one entry per data row, in file order.
 *
 * @param file          where it came from
 * @param columns       names of the value columns (the model's features)
 * @param timestamps    epoch milliseconds per row
 * @param values        {@code [row][column]}
 * @param rawTimestamps the timestamp text as written, echoed into detect's output
 * @param rawValues     the first value column's text as written, echoed into detect's output
 * @param lines         line number of every row
 */
public record SeriesTable(Path file, List<String> columns, long[] timestamps, double[][] values,
                          String[] rawTimestamps, String[] rawValues, int[] lines) {

    public int rows() {
        return timestamps.length;
    }
}
