package io.confmon.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confmon.metrics.GaugeValues.Sample;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenMetricsWriterTest {
    @TempDir
    Path spool;

    @Test
    void familiesTogetherUnderOneTypeSeriesInTimeOrderEofLast() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OpenMetricsWriter w = new OpenMetricsWriter(spool)) {
            w.add(1_763_800_000_000L, List.of(acc("1h", 0.5), cell("a\"b\\c\nd", 3.0)));
            w.add(1_763_800_060_500L, List.of(acc("1h", 0.25), cell("a\"b\\c\nd", 4.0)));
            w.finish(bytes);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                # HELP confmon_accuracy Accuracy
                # TYPE confmon_accuracy gauge
                confmon_accuracy{model="m",window="1h"} 0.5 1763800000.000
                confmon_accuracy{model="m",window="1h"} 0.25 1763800060.500
                # HELP confmon_confusion Cell
                # TYPE confmon_confusion gauge
                confmon_confusion{model="m",actual="a\\"b\\\\c\\nd"} 3.0 1763800000.000
                confmon_confusion{model="m",actual="a\\"b\\\\c\\nd"} 4.0 1763800060.500
                # EOF
                """);
    }

    @Test
    void timeOnlyMovesForward() throws Exception {
        try (OpenMetricsWriter w = new OpenMetricsWriter(spool)) {
            w.add(2_000, List.of());
            assertThatThrownBy(() -> w.add(1_000, List.of())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void valuesReadBackAsTheSameDouble() {
        assertThat(OpenMetricsWriter.value(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(OpenMetricsWriter.value(Double.NaN)).isEqualTo("NaN");
        assertThat(OpenMetricsWriter.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(OpenMetricsWriter.seconds(5)).isEqualTo("0.005");
    }

    private static Sample acc(String window, double v) {
        return new Sample("confmon_accuracy", "Accuracy", List.of("model", "window"), List.of("m", window), v);
    }

    private static Sample cell(String actual, double v) {
        return new Sample("confmon_confusion", "Cell", List.of("model", "actual"), List.of("m", actual), v);
    }
}
