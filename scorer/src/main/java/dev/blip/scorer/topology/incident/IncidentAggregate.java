package dev.blip.scorer.topology.incident;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.IncidentRecord;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The episode openings of one model in one bucket, as far as they have arrived: how many, the
 * highest score, every reason, and the {@code top} highest-scoring keys. Ranking is by score, then
 * key, so the kept keys do not depend on the order the partitions' openings arrive in. Saved in the
 * incident store as JSON carrying {@link #FORMAT}.
 */
record IncidentAggregate(@JsonProperty("format") int format, @JsonProperty("model") String model,
                         @JsonProperty("bucket") long bucket, @JsonProperty("since") long since,
                         @JsonProperty("written") boolean written, @JsonProperty("count") long count,
                         @JsonProperty("peak") double peak, @JsonProperty("reasons") List<String> reasons,
                         @JsonProperty("top") List<IncidentRecord.TopKey> top) {

    static final int FORMAT = 1;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Comparator<IncidentRecord.TopKey> RANK = Comparator
            .comparingDouble(IncidentRecord.TopKey::score).reversed().thenComparing(IncidentRecord.TopKey::key);

    /** @param since wall-clock time of its first opening (for {@code incident.max.wait}) */
    static IncidentAggregate empty(String model, long bucket, long since) {
        return new IncidentAggregate(FORMAT, model, bucket, since, false, 0, 0, List.of(), List.of());
    }

    /** This aggregate with one more opening; an episode already counted (a redelivery) changes nothing. */
    IncidentAggregate with(EpisodeRecord open, int keep) {
        if (top.stream().anyMatch(t -> t.episodeId().equals(open.episodeId()))) {
            return this;
        }
        TreeSet<String> allReasons = new TreeSet<>(reasons);
        allReasons.addAll(open.reasons());
        List<IncidentRecord.TopKey> ranked = new ArrayList<>(top);
        ranked.add(new IncidentRecord.TopKey(open.key(), open.episodeId(), open.peakScore(), List.copyOf(open.reasons()),
                open.actual(), open.expected()));
        ranked.sort(RANK);
        List<IncidentRecord.TopKey> kept = List.copyOf(ranked.subList(0, Math.min(keep, ranked.size())));
        return new IncidentAggregate(FORMAT, model, bucket, since, written, count + 1, Math.max(peak, open.peakScore()),
                List.copyOf(allReasons), kept);
    }

    /** This aggregate, its incident record written (later openings of its bucket are late). */
    IncidentAggregate asWritten() {
        return new IncidentAggregate(FORMAT, model, bucket, since, true, count, peak, reasons, top);
    }

    IncidentRecord record(long interval, int minKeys) {
        String start = Instant.ofEpochMilli(bucket).toString();
        return new IncidentRecord(IncidentRecord.SCHEMA_VERSION, IncidentRecord.id(model, start), model, start,
                Instant.ofEpochMilli(bucket + interval).toString(), count, minKeys, peak, reasons, top);
    }

    byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the incident aggregate of " + model + "@" + bucket, e);
        }
    }

    /** @throws IllegalArgumentException for bytes that are not an aggregate of a known format */
    static IncidentAggregate decode(byte[] bytes) {
        try {
            IncidentAggregate a = JSON.readValue(bytes, IncidentAggregate.class);
            if (a.format != FORMAT) {
                throw new IllegalArgumentException("unknown incident aggregate format " + a.format);
            }
            return a;
        } catch (IOException e) {
            throw new IllegalArgumentException("not an incident aggregate: " + e.getMessage(), e);
        }
    }
}
