package io.confmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.demo.GeneratedSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The comparison's table and goal lines: each column's ratio is the median of the rounds' ratios
 * to the bare join of the same round, by the clock, by the process's CPU, by the stream threads'
 * CPU and, for the warm-up pass, by the clock in a fresh JVM.
 */
class ComparisonReportTest {
    private static final long RECORDS = 400_000;

    @Test
    void everyColumnIsTheMedianRatioOfItsRounds() {
        // Round by round, confmon: 1.25, 0.5, 1.0 x the bare join by the clock (median 1.0);
        // process CPU 0.8 x in each round; stream threads 1.1 x; warm-up pass 0.9 x.
        MonitorBenchComparison.Row bare = row(ComparisonReport.BARE_JOIN, run(8, 10, 4, 12), run(8, 10, 4, 12), run(8, 10, 4, 12));
        MonitorBenchComparison.Row confmon = row(ComparisonReport.CONFMON, run(6.4, 12.5, 4 / 1.1, 12 / 0.9), run(16, 12.5, 4 / 1.1, 12 / 0.9),
                run(8, 12.5, 4 / 1.1, 12 / 0.9));

        String out = print(true, List.of(bare, confmon));

        assertThat(out).contains("goal: confmon run >= 1.00 x the bare join (after the warm-up passes, but for the cold figure): "
                + "1.00 by the clock (met), 0.80 by CPU time (NOT met), 1.10 by stream-thread CPU (met), 0.90 in a fresh JVM by the clock (NOT met)");
        String confmonLine = out.lines().filter(l -> l.startsWith("| confmon run ")).findFirst().orElseThrow();
        assertThat(confmonLine.split("\\|")[2].trim()).isEqualTo("50,000"); // median rate, 400k records in 8 s
        assertThat(out).contains("cold records/s");
    }

    @Test
    void withoutTheWarmUpThereIsNoColdColumn() {
        MonitorBenchComparison.Row bare = row(ComparisonReport.BARE_JOIN, run(8, 10, 4, 0));
        MonitorBenchComparison.Row confmon = row(ComparisonReport.CONFMON, run(8, 10, 4, 0));

        String out = print(false, List.of(bare, confmon));

        assertThat(out).doesNotContain("cold records/s").doesNotContain("fresh JVM by the clock");
        assertThat(out).contains("1.00 by the clock (met), 1.00 by CPU time (met), 1.00 by stream-thread CPU (met)");
    }

    @Test
    void theBatchedBareJoinGetsALineOfItsOwnAndTheGoalStaysAgainstTheBareJoin() {
        MonitorBenchComparison.Row bare = row(ComparisonReport.BARE_JOIN, run(8, 10, 4, 12), run(8, 10, 4, 12));
        // Round by round 1.25 x and 0.8 x the bare join by the clock; confmon 1.6 x the bare join in each.
        MonitorBenchComparison.Row batched = row(ComparisonReport.BARE_JOIN_BATCHED, run(6.4, 8, 4, 8), run(10, 8, 4, 8));
        MonitorBenchComparison.Row confmon = row(ComparisonReport.CONFMON, run(5, 10, 4, 12), run(5, 10, 4, 12));

        String out = print(true, List.of(bare, batched, confmon));

        assertThat(out).contains("goal: confmon run >= 1.00 x the bare join (after the warm-up passes, but for the cold figure): 1.60 by the clock (met)");
        // Its own rounds: 6.4 / 5 = 1.28 and 10 / 5 = 2.0, median 1.64; CPU 0.8; stream threads 1.0; cold 8 / 12.
        assertThat(out).contains("confmon run against the bare join with the same producer batches: 1.64 by the clock, 0.80 by CPU time, "
                + "1.00 by stream-thread CPU, 0.67 in a fresh JVM by the clock (medians of each round's ratio)");
        assertThat(out).doesNotContain("goal: " + ComparisonReport.BARE_JOIN_BATCHED);
    }

    /** A run of 400k records in {@code seconds}; a warm-up pass of {@code warmUpSeconds} (none for 0). */
    private static ContenderResult run(double seconds, double cpuSeconds, double streamThreadSeconds, double warmUpSeconds) {
        ContenderResult warmUp = warmUpSeconds == 0 ? null
                : new ContenderResult(RECORDS, 1, warmUpSeconds, 2 * warmUpSeconds, Map.of(), "", 5, streamThreadSeconds, 0.1, null);
        return new ContenderResult(RECORDS, 1, seconds, cpuSeconds, Map.of(), "", 1, streamThreadSeconds, 0.1, warmUp);
    }

    private static MonitorBenchComparison.Row row(String contender, ContenderResult... runs) {
        List<double[]> load = new ArrayList<>();
        for (int i = 0; i < runs.length; i++) load.add(new double[] {1, 1});
        return new MonitorBenchComparison.Row(contender, List.of(runs), load, true);
    }

    private static String print(boolean warmUp, List<MonitorBenchComparison.Row> rows) {
        MonitorBenchComparison.Settings settings = new MonitorBenchComparison.Settings(RECORDS, 10, rows.get(0).runs().size(), false, Map.of(),
                Optional.empty(), EnumSet.of(MonitorBenchComparison.Join.bare, MonitorBenchComparison.Join.confmon), warmUp ? 1 : 0);
        MonitorBenchLoad.Produced produced = new MonitorBenchLoad.Produced(1, new GeneratedSummary("m", List.of("a", "b"), RECORDS / 2, 0,
                new long[2][2]));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ComparisonReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), settings, produced, rows, "up", "up");
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
