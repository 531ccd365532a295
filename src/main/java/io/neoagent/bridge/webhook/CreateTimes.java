package io.neoagent.bridge.webhook;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Reads an event's creation time. The webhook sends ISO-8601 in UTC ({@code 2023-11-23T18:36:21.512302Z}); a lead
 * list may write it without the {@code T} or the zone, or as epoch seconds or milliseconds. A time without a zone is
 * taken as UTC, as neoagent's API documents its dates.
 */
public final class CreateTimes {

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .parseDefaulting(ChronoField.NANO_OF_SECOND, 0)
            .toFormatter();

    private CreateTimes() {}

    /** The instant {@code text} names, or empty when it is none of the forms above. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip();
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeException notWithOffset) {
            // next form
        }
        try {
            return Optional.of(LocalDateTime.parse(value, LOCAL).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException notLocal) {
            // next form
        }
        if (value.matches("\\d{9,13}(\\.\\d+)?")) {
            BigDecimal number = new BigDecimal(value);
            // 10^11 s is the year 5138: anything above is milliseconds
            return Optional.of(
                    number.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0
                            ? Instant.ofEpochSecond(number.longValue())
                            : Instant.ofEpochMilli(number.longValue()));
        }
        return Optional.empty();
    }

    /** The creation time to the second (epoch seconds), as the inbox matches events on it; null when unreadable. */
    public static Long epochSecond(String text) {
        return parse(text).map(Instant::getEpochSecond).orElse(null);
    }
}
