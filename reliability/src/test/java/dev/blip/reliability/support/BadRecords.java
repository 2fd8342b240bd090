package dev.blip.reliability.support;

import dev.blip.core.event.BadRecordException;
import dev.blip.core.event.EventFormat;
import dev.blip.core.event.ParsedRecord;
import dev.blip.core.event.RecordParser;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded generator of records the scorer must refuse, for inputs whose event time is the JSON
 * field {@code ts}: random bytes, truncated and oversized JSON, wrong types, missing fields, NaN,
 * negative, out-of-range and far-future times, 1 MB and empty keys, broken unicode, non-objects,
 * tombstones. Every record is checked against core's {@link RecordParser} (plus the scorer's
 * one-day future limit), so each one is bad by construction, not by hope.
 */
public final class BadRecords {

    /** One bad record: record key (may be null), value (may be null) and the generator's kind. */
    public record Bad(byte[] key, byte[] value, String kind) {
    }

    private static final int KINDS = 12;
    private final SplittableRandom rnd;
    private final RecordParser parser = new RecordParser(new EventFormat(null, "ts", null, null), 1);
    private final long now;
    private final int maxHugeKeys;
    private int hugeKeys;

    /** @param maxHugeKeys how many 1 MB keys at most (each costs a megabyte on the input and the DLQ) */
    public BadRecords(long seed, long wallNow, int maxHugeKeys) {
        this.rnd = new SplittableRandom(seed);
        this.now = wallNow;
        this.maxHugeKeys = maxHugeKeys;
    }

    public Bad next(long goodTs) {
        while (true) {
            Bad b = candidate(goodTs);
            if (isBad(b)) {
                return b;
            }
        }
    }

    /** What the scorer refuses: the parser throws, or the event is more than a day ahead of its clock. */
    public boolean isBad(Bad b) {
        String key = b.key() == null ? null : new String(b.key(), StandardCharsets.UTF_8);
        try {
            ParsedRecord r = parser.parse(key, b.value(), 0);
            return r.timestampMillis() > now + 86_400_000L;
        } catch (BadRecordException e) {
            return true;
        }
    }

    private Bad candidate(long ts) {
        int kind = rnd.nextInt(KINDS);
        byte[] key = utf8("key-" + rnd.nextInt(1000));
        return switch (kind) {
            case 0 -> new Bad(rnd.nextBoolean() ? key : bytes(rnd.nextInt(40)), bytes(rnd.nextInt(300)), "random_bytes");
            case 1 -> truncated(key, ts);
            case 2 -> oversized(key, ts);
            case 3 -> new Bad(key, utf8("{\"ts\":" + pick("true", "false", "[" + ts + "]", "{\"v\":" + ts + "}", "\"abc\"",
                    "1.5", "\"NaN\"", "\"Infinity\"", "\"1e400\"", "\"\"", "\"2023-13-45T99:00:00Z\"", "\"-1\"") + "}"), "wrong_type");
            case 4 -> new Bad(key, utf8(pick("{}", "{\"t\":" + ts + "}", "{\"key\":\"x\"}", "{\"TS\":" + ts + "}", "{\"ts\":null}")), "missing_field");
            case 5 -> new Bad(key, utf8("{\"ts\":" + pick("NaN", "-1", "-" + ts, "0", "946684799999", "1e30", "99999999999999999999",
                    "4102444800000", Long.toString(Long.MIN_VALUE), Long.toString(now + 30L * 86_400_000L), "-Infinity") + "}"), "bad_time");
            case 6 -> hugeKey(ts);
            case 7 -> new Bad(pick(new byte[0], null, utf8("k".repeat(1025))), utf8("{\"v\":1}"), "bad_key");
            case 8 -> brokenUnicode(key, ts);
            case 9 -> new Bad(key, utf8(pick("[1,2]", "\"s\"", "42", "null", "true", "[]", "[{\"ts\":" + ts + "}]")), "not_an_object");
            case 10 -> new Bad(key, null, "tombstone");
            default -> new Bad(key, utf8("{\"ts\":" + ts + ",\"x\":" + "[".repeat(40 + rnd.nextInt(200)) + "}"), "deep_nesting");
        };
    }

    private Bad truncated(byte[] key, long ts) {
        byte[] full = utf8("{\"ts\":" + ts + ",\"note\":\"h\\u00e9llo \\ud83d\\ude00\",\"n\":[1,2,3]}");
        return new Bad(key, Arrays.copyOf(full, 1 + rnd.nextInt(full.length - 2)), "truncated");
    }

    /** More than the parser's 64 KiB record limit (few of them: they are big). */
    private Bad oversized(byte[] key, long ts) {
        if (rnd.nextInt(50) != 0) {
            return new Bad(key, utf8("{\"ts\":" + ts + ",\"pad\":\"" + "x".repeat(rnd.nextInt(200)) + "\""), "truncated");
        }
        return new Bad(key, utf8("{\"ts\":" + ts + ",\"pad\":\"" + "x".repeat(EventFormat.MAX_RECORD_BYTES) + "\"}"), "huge_json");
    }

    private Bad hugeKey(long ts) {
        if (hugeKeys >= maxHugeKeys || rnd.nextInt(500) != 0) {
            return new Bad(utf8("\u00e9".repeat(EventFormat.MAX_KEY_LENGTH + 1 + rnd.nextInt(100))), utf8("{\"ts\":" + ts + "}"), "long_key");
        }
        hugeKeys++;
        byte[] key = new byte[1_000_000];
        Arrays.fill(key, (byte) 'k');
        return new Bad(key, utf8("{\"ts\":" + ts + "}"), "1mb_key");
    }

    private Bad brokenUnicode(byte[] key, long ts) {
        byte[] prefix = utf8("{\"ts\":" + ts + ",\"k\":\"");
        byte[] invalid = pick(new byte[] {(byte) 0xff, (byte) 0xfe}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {0});
        byte[] value = Arrays.copyOf(prefix, prefix.length + invalid.length + 2);
        System.arraycopy(invalid, 0, value, prefix.length, invalid.length);
        value[value.length - 2] = '"';
        value[value.length - 1] = rnd.nextBoolean() ? (byte) '}' : (byte) ' ';
        byte[] k = rnd.nextBoolean() ? key : utf8("\ud83d\ude00-\u4e2d\u6587-\u0000");
        return new Bad(k, rnd.nextInt(4) == 0 ? utf8("{\"ts\":\"\\ud800\"}") : value, "broken_unicode");
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
