package io.confmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the in-JVM part reports latency under load, including a monitor that fell behind. */
class MonitorBenchLatencyTest {
    @Test
    void servedPairsGiveTheirPercentiles() {
        MonitorBenchResult.Latency l = new MonitorBenchResult.Latency(List.of(10.0, 20.0, 30.0, 40.0));

        assertThat(l.fellBehind()).isFalse();
        assertThat(l.summary()).isEqualTo("p50 20 ms, p99 40 ms, max 40 ms");
    }

    @Test
    void aMonitorThatFellBehindSaysSoWithThePairAndWhatCameBefore() {
        MonitorBenchResult.Latency l = new MonitorBenchResult.Latency(List.of(10.0, 20.0, 30.0), 3);

        assertThat(l.fellBehind()).isTrue();
        assertThat(l.summary()).isEqualTo("FELL BEHIND: pair 4 not served within 10 s (before it: p50 20 ms, p99 30 ms, max 30 ms)");
    }

    @Test
    void fallingBehindAtTheFirstPairHasNoPercentiles() {
        assertThat(new MonitorBenchResult.Latency(List.of(), 0).summary())
                .isEqualTo("FELL BEHIND: pair 1 not served within 10 s (before it: no pair served)");
    }
}
