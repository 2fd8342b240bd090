package dev.blip.core.event;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RecordParserTest {

    private static final long NOW = 1_700_000_000_000L;
    private final RecordParser events = new RecordParser(EventFormat.defaults(), 1);
    private final RecordParser fields = new RecordParser(new EventFormat("user", "ts", "type", null), 1);
    private final RecordParser counts = new RecordParser(new EventFormat("key", "ts", null, "values"), 2);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void defaultFormatTakesRecordKeyAndTimestamp() {
        ParsedRecord r = events.parse("svc-a", b("{\"anything\":1}"), NOW);
        assertThat(r.key()).isEqualTo("svc-a");
        assertThat(r.timestampMillis()).isEqualTo(NOW);
        assertThat(r.category()).isNull();
        assertThat(r.values()).isNull();
    }

    @Test
    void configuredFieldsWinOverTheRecord() {
        ParsedRecord r = fields.parse("ignored", b("{\"user\":\"u1\",\"ts\":\"2023-11-14T22:13:20Z\",\"type\":\"login\"}"), 5L);
        assertThat(r.key()).isEqualTo("u1");
        assertThat(r.timestampMillis()).isEqualTo(NOW);
        assertThat(r.category()).isEqualTo("login");
    }

    @Test
    void jsonLinesFallBackToKeyAndTimestampFields() {
        ParsedRecord r = events.parseLine("{\"key\":\"k\",\"timestamp\":" + NOW + "}");
        assertThat(r.key()).isEqualTo("k");
        assertThat(r.timestampMillis()).isEqualTo(NOW);
    }

    @Test
    void countsModeReadsAVectorOfFiniteNonNegativeValues() {
        ParsedRecord r = counts.parse(null, b("{\"key\":\"k\",\"ts\":" + NOW + ",\"values\":[3,4.5]}"), 0);
        assertThat(r.values()).containsExactly(3.0, 4.5);
    }

    @Test
    void fieldsNotReadAreSkippedYetMustBeValidJsonAndARepeatedFieldKeepsItsLastValue() {
        ParsedRecord r = fields.parse(null, b("{\"user\":\"u0\",\"extra\":{\"deep\":[1,{\"x\":null}],\"s\":\"}\"},"
                + "\"user\":\"u1\",\"ts\":" + NOW + ",\"type\":null}"), 0);
        assertThat(r.key()).isEqualTo("u1");
        assertThat(r.timestampMillis()).isEqualTo(NOW);
        assertThat(r.category()).isNull();
        assertThat(catchThrowableOfType(BadRecordException.class, () -> events.parse("k", b("{\"extra\":[1,}"), NOW)).reason())
                .isEqualTo("invalid_json");
        assertThat(catchThrowableOfType(BadRecordException.class, () -> events.parse("k", b("{\"extra\":1"), NOW)).reason())
                .isEqualTo("invalid_json");
        assertThat(catchThrowableOfType(BadRecordException.class, () -> events.parse("k", b("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}"),
                NOW)).reason()).as("nesting limit in a skipped field").isEqualTo("invalid_json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                                         | invalid_json",
        "[1,2]                                            | not_an_object",
        "{\"ts\":1700000000000}                           | missing_key",
        "{\"user\":{\"a\":1},\"ts\":1700000000000}        | invalid_key",
        "{\"user\":\"\",\"ts\":1700000000000}             | invalid_key",
        "{\"user\":\"u\"}                                 | missing_timestamp",
        "{\"user\":\"u\",\"ts\":\"yesterday\"}            | invalid_timestamp",
        "{\"user\":\"u\",\"ts\":true}                     | invalid_timestamp",
        "{\"user\":\"u\",\"ts\":-5}                       | timestamp_out_of_range",
        "{\"user\":\"u\",\"ts\":99999999999999}           | timestamp_out_of_range",
        "{\"user\":\"u\",\"ts\":1700000000000,\"type\":7} | invalid_category",
    })
    void badRecordsAreRejectedWithAReasonCode(String json, String reason) {
        BadRecordException e = catchThrowableOfType(BadRecordException.class, () -> fields.parse(null, b(json), NOW));
        assertThat(e).as(json).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"key\":\"k\",\"ts\":1700000000000}                   | missing_values",
        "{\"key\":\"k\",\"ts\":1700000000000,\"values\":[1]}     | invalid_values",
        "{\"key\":\"k\",\"ts\":1700000000000,\"values\":[1,-2]}  | invalid_values",
        "{\"key\":\"k\",\"ts\":1700000000000,\"values\":[1,\"x\"]} | invalid_values",
        "{\"key\":\"k\",\"ts\":1700000000000,\"values\":[1,NaN]} | invalid_json",
    })
    void badCountRecordsAreRejected(String json, String reason) {
        assertThatThrownBy(() -> counts.parse(null, b(json), NOW))
                .isInstanceOf(BadRecordException.class)
                .extracting(t -> ((BadRecordException) t).reason()).isEqualTo(reason);
    }

    @Test
    void anOutOfRangeTimeNamesItsFieldTheRuleAndTheValue() {
        assertThat(catchThrowableOfType(BadRecordException.class, () -> events.parse("k", b("{}"), Long.MAX_VALUE)).getMessage())
                .contains("record timestamp", "[2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z)", Long.toString(Long.MAX_VALUE));
        assertThat(catchThrowableOfType(BadRecordException.class, () -> events.parse("k", b("{}"), -1)).getMessage())
                .contains("record timestamp", "got -1 (1969-12-31T23:59:59.999Z)");
        assertThat(catchThrowableOfType(BadRecordException.class, () -> events.parseLine("{\"key\":\"k\",\"timestamp\":5}")).getMessage())
                .contains("field 'timestamp'", "got 5");
    }

    @Test
    void hugeKeysAndValuesAreRejectedNotParsed() {
        String bigKey = "k".repeat(EventFormat.MAX_KEY_LENGTH + 1);
        assertThat(catchThrowableOfType(BadRecordException.class, () -> events.parse(bigKey, b("{}"), NOW)).reason())
                .isEqualTo("invalid_key");
        byte[] huge = b("{\"a\":\"" + "x".repeat(EventFormat.MAX_RECORD_BYTES) + "\"}");
        assertThat(catchThrowableOfType(BadRecordException.class, () -> events.parse("k", huge, NOW)).reason())
                .isEqualTo("too_large");
        assertThat(catchThrowableOfType(BadRecordException.class, () -> events.parse("k", null, NOW)).reason())
                .isEqualTo("invalid_json");
    }

    @Property(tries = 3000)
    void arbitraryBytesNeverEscapeAsAnythingButABadRecord(@ForAll("junk") byte[] value) {
        try {
            ParsedRecord r = fields.parse(null, value, NOW);
            assertThat(r.key()).isNotEmpty().hasSizeLessThanOrEqualTo(EventFormat.MAX_KEY_LENGTH);
            assertThat(r.timestampMillis()).isBetween(EventFormat.MIN_TIMESTAMP, EventFormat.MAX_TIMESTAMP - 1);
        } catch (BadRecordException expected) {
            assertThat(expected.reason()).isNotBlank();
        }
    }

    @Property(tries = 3000)
    void mutatedValidRecordsNeverEscape(@ForAll("mutated") String json) {
        try {
            counts.parse(null, b(json), NOW);
        } catch (BadRecordException expected) {
            assertThat(expected.reason()).matches("[a-z_]+");
        }
    }

    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.strings().ofMaxLength(200).map(RecordParserTest::b));
    }

    @Provide
    Arbitrary<String> mutated() {
        String valid = "{\"key\":\"k\",\"ts\":1700000000000,\"values\":[1,2]}";
        return Arbitraries.integers().between(0, valid.length() - 1).flatMap(pos ->
                Arbitraries.chars().map(c -> valid.substring(0, pos) + c + valid.substring(pos + 1)));
    }
}
