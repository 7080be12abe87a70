package io.confmon.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeArgTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void epochMillis() {
        assertThat(TimeArg.parse("1763800000000", NOW)).isEqualTo(1_763_800_000_000L);
    }

    @Test
    void isoForms() {
        assertThat(TimeArg.parse("2026-11-22T08:26:40Z", NOW)).isEqualTo(Instant.parse("2026-11-22T08:26:40Z").toEpochMilli());
        assertThat(TimeArg.parse("2026-11-22T10:26:40+02:00", NOW)).isEqualTo(Instant.parse("2026-11-22T08:26:40Z").toEpochMilli());
        assertThat(TimeArg.parse("2026-11-22T08:26:40", NOW)).as("no offset reads as UTC")
                .isEqualTo(Instant.parse("2026-11-22T08:26:40Z").toEpochMilli());
        assertThat(TimeArg.parse("2026-11-22", NOW)).isEqualTo(Instant.parse("2026-11-22T00:00:00Z").toEpochMilli());
    }

    @Test
    void durationBackFromNow() {
        assertThat(TimeArg.parse("30d", NOW)).isEqualTo(Instant.parse("2026-11-01T12:00:00Z").toEpochMilli());
        assertThat(TimeArg.parse("90m", NOW)).isEqualTo(Instant.parse("2026-12-01T10:30:00Z").toEpochMilli());
    }

    @Test
    void anythingElseSaysWhatIsAccepted() {
        assertThatThrownBy(() -> TimeArg.parse("yesterday", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yesterday' is not a time").hasMessageContaining("30d").hasMessageContaining("ISO-8601");
    }
}
