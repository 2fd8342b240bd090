package dev.blip.scorer.topology.serdes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.blip.core.score.WindowScore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link WindowScore} into the output JSON ({@link ScoreRecord}). */
public final class ScoreRecordEncoder {

    /** How many features and time steps are listed as the largest contributors. */
    public static final int TOP = 3;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<String> features;
    private final long interval;
    private final String modelVersion;

    public ScoreRecordEncoder(List<String> features, long intervalMillis, String modelVersion) {
        this.features = List.copyOf(features);
        this.interval = intervalMillis;
        this.modelVersion = modelVersion;
    }

    public ScoreRecord record(WindowScore s) {
        List<ScoreRecord.FeatureError> topFeatures = new ArrayList<>();
        for (int f : WindowScore.topIndices(s.featureError(), TOP)) {
            topFeatures.add(new ScoreRecord.FeatureError(features.get(f), s.featureError()[f]));
        }
        List<ScoreRecord.StepError> topSteps = new ArrayList<>();
        for (int t : WindowScore.topIndices(s.stepError(), TOP)) {
            topSteps.add(new ScoreRecord.StepError(iso(s.firstBucketStart() + t * interval), s.stepError()[t]));
        }
        return new ScoreRecord(s.key(), iso(s.endBucketStart()), iso(s.endBucketStart() + interval),
                iso(s.firstBucketStart()), s.anomalyScore(), s.rawScore(), s.threshold(), s.anomaly(), modelVersion,
                byFeature(s.lastActual()), byFeature(s.lastExpected()), topFeatures, topSteps);
    }

    public byte[] encode(WindowScore s) {
        try {
            return JSON.writeValueAsBytes(record(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the score of key " + s.key(), e);
        }
    }

    public static ScoreRecord decode(byte[] json) {
        try {
            return JSON.readValue(json, ScoreRecord.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a score record: " + e.getMessage(), e);
        }
    }

    private Map<String, Double> byFeature(double[] values) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int f = 0; f < features.size(); f++) {
            out.put(features.get(f), values[f]);
        }
        return out;
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
