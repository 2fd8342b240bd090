package dev.blip.scorer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The output records' JSON Schemas (shipped in the scorer jar under {@code dev/blip/scorer/schema/})
 * with a real validator: records are checked as bytes, as a consumer would parse them.
 */
public final class OutputSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaIdResolvers(r -> r.mapPrefix("https://blip.dev/schema/", "classpath:dev/blip/scorer/schema/")));
    public static final Schema SCORE = REGISTRY.getSchema(SchemaLocation.of("https://blip.dev/schema/score-record.schema.json"));
    public static final Schema EPISODE = REGISTRY.getSchema(SchemaLocation.of("https://blip.dev/schema/episode-record.schema.json"));
    public static final Schema INCIDENT = REGISTRY.getSchema(SchemaLocation.of("https://blip.dev/schema/incident-record.schema.json"));

    private OutputSchemas() {
    }

    /** The schema violations of one record's bytes (empty when it conforms). */
    public static List<String> violations(Schema schema, byte[] record) {
        JsonNode node;
        try {
            node = JSON.readTree(record);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        return schema.validate(node).stream().map(Error::toString).toList();
    }
}
