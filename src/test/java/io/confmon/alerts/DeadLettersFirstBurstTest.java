package io.confmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.testing.OutsideTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ConfmonDeadLetters fires on the first burst of dead letters after a start when the counter is
 * exported at 0 from the start (as confmon does: KnownLabelsStartAtZeroTest), and would be late
 * without it: {@code promtool test rules grafana/prometheus/dead-letters-first-burst.test.yml}.
 */
class DeadLettersFirstBurstTest {
    private static final Path TESTS = Path.of("grafana/prometheus/dead-letters-first-burst.test.yml");

    @Test
    void firesOnTheFirstBurstAfterAStart() throws Exception {
        Path promtool = OutsideTools.require("promtool", "apt-get install prometheus");
        Process process = new ProcessBuilder(promtool.toString(), "test", "rules", TESTS.toString()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }
}
