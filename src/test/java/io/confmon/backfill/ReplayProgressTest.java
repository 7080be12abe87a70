package io.confmon.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theLineSaysReadLagRateAndTimeLeft() {
        ReplayProgress p = new ReplayProgress(new PrintWriter(new StringWriter()), false, 1_000_000, 200_000, 0);
        // 300,000 read by this run in 10 s: 30,000/s; 500,000 left: 17 s
        assertThat(p.line(500_000, 10 * SECOND))
                .isEqualTo("  500,000 of 1,000,000 records (50%), lag 500,000, 30,000 records/s, ETA 17 s, 10 s");
        assertThat(p.line(1_000_000, 20 * SECOND)).contains("(100%)").contains("lag 0").contains("done");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlace() {
        StringWriter text = new StringWriter();
        ReplayProgress p = new ReplayProgress(new PrintWriter(text), true, 100, 0, 0);
        p.update(10, SECOND);
        p.update(20, 2 * SECOND);
        p.finish(100, 3 * SECOND);
        assertThat(text.toString()).startsWith("\r  10 of 100").contains("\r  20 of 100").endsWith("100 of 100 records (100%), lag 0, 33 records/s, done, 3 s" + System.lineSeparator())
                .doesNotContain("\n  20");
    }

    @Test
    void elsewhereOneLineAMinute() {
        StringWriter text = new StringWriter();
        ReplayProgress p = new ReplayProgress(new PrintWriter(text), false, 100, 0, 0);
        for (int s = 1; s <= 150; s++) p.update(s / 2, s * SECOND);
        assertThat(text.toString().lines()).hasSize(2).allMatch(l -> l.contains("of 100 records")).noneMatch(l -> l.contains("\r"));
    }
}
