package dev.blip.scorer.topology;

import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Episode;
import dev.blip.core.score.WindowScore;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.window.Window;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.topology.incident.IncidentFeed;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The output side of a punctuation: scores the windows of each chunk of keys with a single
 * {@link WindowScorer#score} call, and forwards the verdict on every scored bucket to the scores
 * sink and every episode report to the anomalies sink (an opening also to the incident feed, with
 * the task's progress after each complete close). Output records carry the end of the bucket
 * they are about as their timestamp, so they do not depend on when or by which trigger the bucket
 * was closed.
 */
final class WindowEmitter {

    private final ProcessorContext<byte[], byte[]> context;
    private final ScorerMetrics metrics;
    private final boolean scoresEnabled;
    private final boolean incidentsEnabled;

    WindowEmitter(ProcessorContext<byte[], byte[]> context, ScorerMetrics metrics, boolean scoresEnabled,
                  boolean incidentsEnabled) {
        this.context = context;
        this.metrics = metrics;
        this.scoresEnabled = scoresEnabled;
        this.incidentsEnabled = incidentsEnabled;
    }

    /** Tells the incident task that this task has closed every bucket up to {@code through}. */
    void progress(String task, long through, long interval) {
        if (incidentsEnabled) {
            context.forward(IncidentFeed.progress(task, through, interval), IncidentFeed.NODE);
        }
    }

    /** An episode ended early (model change, eviction). */
    void ended(Episode ended, String closedBy, ScoreRecordEncoder encoder, long timestamp) {
        episode(ended, closedBy, encoder, timestamp);
    }

    /** One batched scoring call for every window of a chunk of keys, in order. */
    List<WindowScore> score(List<Window> windows, WindowScorer scorer) {
        if (windows.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        List<WindowScore> scores = scorer.score(windows);
        metrics.batchScored(windows.size(), System.nanoTime() - start);
        return scores;
    }

    /** The verdict on one bucket (scores topic) and the episode report it produced, if any (anomalies topic). */
    void verdict(BucketVerdict v, ScoreRecordEncoder encoder, long interval) {
        WindowScore s = v.score();
        metrics.windowScore(s.rawScore(), v.anomalyScore());
        if (v.anomaly()) {
            metrics.anomalyEmitted();
        }
        long timestamp = s.endBucketStart() + interval;
        if (scoresEnabled) {
            context.forward(new Record<>(key(s.key()), encoder.encode(v), timestamp), ScoringTopology.SCORES_SINK);
        }
        if (v.episode() != null) {
            episode(v.episode(), ScorerMetrics.CLOSED_QUIET, encoder, timestamp);
        }
    }

    /**
     * One episode report to the anomalies topic.
     *
     * @param closedBy why a closing report closed (ignored for an opening one)
     */
    void episode(Episode e, String closedBy, ScoreRecordEncoder encoder, long timestamp) {
        byte[] value = encoder.encode(e, closedBy);
        context.forward(new Record<>(key(e.key()), value, timestamp), ScoringTopology.ANOMALIES_SINK);
        if (e.open()) {
            if (incidentsEnabled) {
                context.forward(IncidentFeed.open(value, timestamp), IncidentFeed.NODE);
            }
            metrics.episodeOpened();
        } else {
            metrics.episodeClosed(closedBy);
        }
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
