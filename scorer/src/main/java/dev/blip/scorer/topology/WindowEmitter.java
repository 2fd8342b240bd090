package dev.blip.scorer.topology;

import dev.blip.core.score.WindowScore;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.window.Window;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Scores all windows of one punctuation with a single {@link WindowScorer#score} call and
 * forwards the results to the sinks. Output records carry the bucket end as their timestamp, so
 * they do not depend on when or by which trigger the bucket was closed.
 */
final class WindowEmitter {

    private final ProcessorContext<byte[], byte[]> context;
    private final ScorerMetrics metrics;
    private final boolean scoresEnabled;

    WindowEmitter(ProcessorContext<byte[], byte[]> context, ScorerMetrics metrics, boolean scoresEnabled) {
        this.context = context;
        this.metrics = metrics;
        this.scoresEnabled = scoresEnabled;
    }

    void emit(List<Window> windows, WindowScorer scorer, ScoreRecordEncoder encoder, long interval) {
        if (windows.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<WindowScore> scores = scorer.score(windows);
        metrics.batchScored(windows.size(), System.nanoTime() - start);
        for (WindowScore s : scores) {
            metrics.windowScore(s.rawScore(), s.anomalyScore());
            if (!scoresEnabled && !s.anomaly()) {
                continue;
            }
            byte[] key = s.key().getBytes(StandardCharsets.UTF_8);
            Record<byte[], byte[]> out = new Record<>(key, encoder.encode(s), s.endBucketStart() + interval);
            if (scoresEnabled) {
                context.forward(out, ScoringTopology.SCORES_SINK);
            }
            if (s.anomaly()) {
                context.forward(out, ScoringTopology.ANOMALIES_SINK);
                metrics.anomalyEmitted();
            }
        }
    }
}
