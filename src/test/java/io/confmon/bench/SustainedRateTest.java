package io.confmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sustained-rate search against monitors whose limit is known. */
class SustainedRateTest {
    private final List<Double> probed = new ArrayList<>();

    private SustainedRate.Probe keepsUpTo(double limit) {
        return (rate, n) -> {
            assertThat(n).as("probes are numbered in order").isEqualTo(probed.size());
            probed.add(rate);
            return rate <= limit;
        };
    }

    @Test
    void belowTheStartItBisectsDownToTheLimitFromBelow() throws Exception {
        double found = SustainedRate.search(80_000, 4, keepsUpTo(37_000));

        assertThat(probed).containsExactly(80_000.0, 40_000.0, 20_000.0, 30_000.0, 35_000.0);
        assertThat(found).isEqualTo(35_000);
    }

    @Test
    void aboveTheStartItDoublesThenBisects() throws Exception {
        double found = SustainedRate.search(40_000, 4, keepsUpTo(100_000));

        assertThat(probed).containsExactly(40_000.0, 80_000.0, 160_000.0, 120_000.0, 100_000.0, 110_000.0, 105_000.0);
        assertThat(found).isEqualTo(100_000);
    }

    @Test
    void itStopsDoublingAtEightTimesTheStart() throws Exception {
        assertThat(SustainedRate.search(10_000, 4, keepsUpTo(1e9))).isEqualTo(80_000);
        assertThat(probed).containsExactly(10_000.0, 20_000.0, 40_000.0, 80_000.0);
    }

    @Test
    void noRateKeptUpWithIsZeroNotTheLowestProbed() throws Exception {
        assertThat(SustainedRate.search(80_000, 4, keepsUpTo(1_000))).isZero();
        assertThat(probed).containsExactly(80_000.0, 40_000.0, 20_000.0, 10_000.0, 5_000.0);
    }
}
