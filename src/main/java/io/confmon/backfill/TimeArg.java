package io.confmon.backfill;

import io.confmon.time.Durations;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A point in time as {@code --from} and {@code --to} take it: epoch milliseconds, ISO-8601 (an
 * instant, a date-time with or without offset, read as UTC without one, or a date), or a duration
 * back from now ({@code 30d}, {@code 12h}).
 */
public final class TimeArg {
    private TimeArg() {}

    /** Epoch ms, or an {@link IllegalArgumentException} that says which forms are accepted. */
    public static long parse(String text, Clock clock) {
        String t = text.trim();
        if (t.matches("\\d{1,19}")) return Long.parseLong(t);
        if (t.matches("\\d{1,12}(ms|s|m|h|d)")) return clock.millis() - Durations.parseMillis(t);
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // not an instant with Z; try the other ISO forms
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // no offset
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // no time of day
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: write epoch ms (1763800000000), ISO-8601"
                    + " (2026-11-22T08:26:40Z, 2026-11-22) or a duration back from now (30d, 12h)");
        }
    }
}
