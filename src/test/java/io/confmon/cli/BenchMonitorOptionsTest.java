package io.confmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code confmon bench monitor} refuses options it cannot run with before it starts a broker, naming the option. */
class BenchMonitorOptionsTest {
    @ParameterizedTest(name = "bench monitor {0} {1}")
    @CsvSource({
        "--baseline-jar, /nonexistent/confmon-before.jar, '--baseline-jar: no such file: /nonexistent/confmon-before.jar'",
        "--records, 1, '--records must be at least 2, got 1'",
        "--classes, 1001, '--classes takes class counts from 2 to 1000, got [1001]'",
        "--rounds, 0, '--latency-samples, --pending, --rounds and --label-partitions must be at least 1'",
        "--load-rate, 1, '--load-rate must be at least 2 records/s (one pair), got 1.0'",
        "--label-partitions, 0, '--latency-samples, --pending, --rounds and --label-partitions must be at least 1'",
        "--warmup-passes, 0, '--warmup-passes must be at least 1 (--no-warmup for none), got 0'",
    })
    void refusesNamingTheOption(String option, String value, String message) {
        CliRun run = CliRun.of("bench", "monitor", option, value);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(message);
    }

    @org.junit.jupiter.api.Test
    void partLatencyRefusesMoreCatchUpsThanItHasIdsFor() {
        CliRun run = CliRun.of("bench", "monitor", "--parts", "latency", "--warmup-passes", "9");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--warmup-passes: part latency runs at most 8 catch-ups before the last, got 9");
    }
}
