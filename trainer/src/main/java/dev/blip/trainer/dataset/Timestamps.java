package dev.blip.trainer.dataset;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Timestamps as real exports write them: epoch milliseconds, ISO-8601 instants
 * ({@code 2014-04-10T07:15:00Z}), or local date-times with a space or a {@code T}
 * ({@code 2014-04-10 07:15:00}, NAB's layout, optional fraction), which are taken as UTC.
 */
public final class Timestamps {

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private Timestamps() {
    }

    /** Parses one timestamp; throws IllegalArgumentException describing the accepted forms. */
    public static long parse(String text) {
        String s = text == null ? "" : text.trim();
        if (!s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(s);
        }
        try {
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(s)).toEpochMilli();
            }
            return LocalDateTime.parse(s, LOCAL).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected epoch milliseconds, an ISO-8601 instant or "
                    + "'yyyy-MM-dd HH:mm:ss' (UTC), got '" + s + "'");
        }
    }
}
