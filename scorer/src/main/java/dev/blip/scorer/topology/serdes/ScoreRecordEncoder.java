package dev.blip.scorer.topology.serdes;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.detect.Episode;
import dev.blip.core.score.WindowScore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns verdicts into {@link ScoreRecord}s and episode reports into {@link EpisodeRecord}s (JSON). */
public final class ScoreRecordEncoder {

    /** How many features and time steps are listed as the largest contributors. */
    public static final int TOP = 3;
    /** Shortest round-tripping text for doubles (Schubfach), several times faster than Double.toString. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private final List<String> features;
    private final long interval;
    private final String modelVersion;
    private final double threshold;
    /** ISO-8601 text of recent bucket times: every key of a close shares them. */
    private final Map<Long, String> isoCache = new HashMap<>();

    /**
     * @param threshold the detector's threshold on the combined score
     */
    public ScoreRecordEncoder(List<String> features, long intervalMillis, String modelVersion, double threshold) {
        this.features = List.copyOf(features);
        this.interval = intervalMillis;
        this.modelVersion = modelVersion;
        this.threshold = threshold;
    }

    public ScoreRecord record(BucketVerdict v) {
        WindowScore s = v.score();
        List<ScoreRecord.FeatureError> topFeatures = new ArrayList<>();
        for (int f : WindowScore.topIndices(s.featureError(), TOP)) {
            topFeatures.add(new ScoreRecord.FeatureError(features.get(f), s.featureError()[f]));
        }
        List<ScoreRecord.StepError> topSteps = new ArrayList<>();
        for (int t : WindowScore.topIndices(s.stepError(), TOP)) {
            topSteps.add(new ScoreRecord.StepError(iso(s.firstBucketStart() + t * interval), s.stepError()[t]));
        }
        return new ScoreRecord(ScoreRecord.SCHEMA_VERSION, s.key(), iso(s.endBucketStart()), iso(s.endBucketStart() + interval),
                iso(s.firstBucketStart()), v.anomalyScore(), v.anomaly(), threshold, List.copyOf(v.reasons()),
                v.likelihood(), v.instantaneous(), v.range(), s.rawScore(), s.threshold(), modelVersion,
                byFeature(s.lastActual()), byFeature(s.lastExpected()), byFeature(s.expectedLow()),
                byFeature(s.expectedHigh()), topFeatures, topSteps);
    }

    /**
     * The verdict's JSON, written field by field with Jackson's streaming generator: the same bytes
     * as {@link #record} through the object mapper (a test keeps them equal), without building the
     * record, its maps and lists for every key of every close.
     */
    public byte[] encode(BucketVerdict v) {
        WindowScore s = v.score();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1_024);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema_version", ScoreRecord.SCHEMA_VERSION);
            g.writeStringField("key", s.key());
            g.writeStringField("bucket_start", iso(s.endBucketStart()));
            g.writeStringField("bucket_end", iso(s.endBucketStart() + interval));
            g.writeStringField("window_start", iso(s.firstBucketStart()));
            g.writeNumberField("anomaly_score", v.anomalyScore());
            g.writeBooleanField("is_anomaly", v.anomaly());
            g.writeNumberField("threshold", threshold);
            g.writeArrayFieldStart("reasons");
            for (String r : v.reasons()) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeNumberField("likelihood", v.likelihood());
            g.writeNumberField("instantaneous", v.instantaneous());
            g.writeBooleanField("range", v.range());
            g.writeNumberField("raw_error", s.rawScore());
            g.writeNumberField("raw_threshold", s.threshold());
            g.writeStringField("model_version", modelVersion);
            byFeature(g, "actual", s.lastActual());
            byFeature(g, "expected", s.lastExpected());
            byFeature(g, "expected_low", s.expectedLow());
            byFeature(g, "expected_high", s.expectedHigh());
            g.writeArrayFieldStart("top_features");
            for (int f : WindowScore.topIndices(s.featureError(), TOP)) {
                g.writeStartObject();
                g.writeStringField("feature", features.get(f));
                g.writeNumberField("error", s.featureError()[f]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("top_steps");
            for (int t : WindowScore.topIndices(s.stepError(), TOP)) {
                g.writeStartObject();
                g.writeStringField("bucket_start", iso(s.firstBucketStart() + t * interval));
                g.writeNumberField("error", s.stepError()[t]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a record of key " + s.key(), e);
        }
        return out.toByteArray();
    }

    /** {@link #encode(BucketVerdict)} through the object mapper (the reference the streaming form is tested against). */
    byte[] encodeWithMapper(BucketVerdict v) {
        return json(record(v), v.score().key());
    }

    private void byFeature(JsonGenerator g, String field, double[] values) throws IOException {
        if (values == null) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        for (int f = 0; f < features.size(); f++) {
            g.writeNumberField(features.get(f), values[f]);
        }
        g.writeEndObject();
    }

    /** @param closedBy for a closing report, why it closed ({@link EpisodeRecord#CLOSED_QUIET}, ...); ignored when open */
    public EpisodeRecord record(Episode e, String closedBy) {
        Long duration = null;
        String ended = null;
        if (!e.open()) {
            long end = e.lastBucket() + interval;
            ended = iso(end);
            duration = (end - e.startBucket()) / 1000;
        }
        return new EpisodeRecord(ScoreRecord.SCHEMA_VERSION, e.id(), e.open() ? EpisodeRecord.OPEN : EpisodeRecord.CLOSED,
                e.key(), iso(e.startBucket()), ended, duration, e.anomalousBuckets(), e.peakScore(), iso(e.peakBucket()),
                byFeature(e.peakActual()), byFeature(e.peakExpected()), byFeature(e.peakExpectedLow()),
                byFeature(e.peakExpectedHigh()),
                List.copyOf(e.reasons()), e.open() ? null : closedBy, modelVersion);
    }

    public byte[] encode(Episode e, String closedBy) {
        return json(record(e, closedBy), e.key());
    }

    private static byte[] json(Object record, String key) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a record of key " + key, e);
        }
    }

    public static ScoreRecord decode(byte[] json) {
        try {
            return JSON.readValue(json, ScoreRecord.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a score record: " + e.getMessage(), e);
        }
    }

    public static EpisodeRecord decodeEpisode(byte[] json) {
        try {
            return JSON.readValue(json, EpisodeRecord.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an episode record: " + e.getMessage(), e);
        }
    }

    /** Values per feature name, or null for null (no band). */
    private Map<String, Double> byFeature(double[] values) {
        if (values == null) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int f = 0; f < features.size(); f++) {
            out.put(features.get(f), values[f]);
        }
        return out;
    }

    private String iso(long millis) {
        String text = isoCache.get(millis);
        if (text == null) {
            if (isoCache.size() >= 4_096) {
                isoCache.clear();
            }
            text = Instant.ofEpochMilli(millis).toString();
            isoCache.put(millis, text);
        }
        return text;
    }
}
