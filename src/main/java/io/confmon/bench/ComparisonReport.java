package io.confmon.bench;

import io.confmon.topology.ConfmonTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The comparison's table: records/s per contender and, for the joins, the ratio to the bare join measured in the same run. */
final class ComparisonReport {
    static final String KCAT = "kcat, both topics";
    static final String CONSUMER = "bare KafkaConsumer, both topics";
    static final String DSL = "textbook DSL: KTable join KTable (materialized), groupBy cell, count";
    static final String BARE_JOIN = "bare Processor-API join: one store by id, cell counts per partition";
    static final String BARE_JOIN_BATCHED = "bare Processor-API join, producer batch.size " + ConfmonTopology.PRODUCER_BATCH_BYTES / 1024
            + " KiB as confmon's";
    static final String CONFMON = "confmon run";
    static final String CONFMON_BY_ID = "confmon run, join.direct=false";
    /** Followed by the jar's file name: the build {@code --baseline-jar} named. */
    static final String CONFMON_BASELINE = "baseline confmon run from ";
    /** Issue 12: every feature on, at least the bare join's rate. */
    private static final double GOAL_RATIO = 1.0;

    private ComparisonReport() {}

    static void print(PrintStream out, MonitorBenchComparison.Settings s, MonitorBenchLoad.Produced produced,
                      List<MonitorBenchComparison.Row> rows, String uptimeBefore, String uptimeAfter) {
        long pairs = produced.summary().pairs();
        out.printf(Locale.ROOT, "%nconfmon bench monitor: %,d predictions + %,d labels of generated JSON (K=%d), keyed by id, %d partitions each;%n",
                pairs, pairs, s.classes(), MonitorBenchComparison.PARTITIONS);
        out.println("one `confmon broker` in its own JVM; each contender in a fresh JVM (" + ChildJvm.HEAP + ") reads the topics from the earliest");
        out.println("offsets, timed from ready (Streams RUNNING; a consumer's first poll) until every record is read or every pair counted;");
        out.println("the joins run exactly_once_v2 with Streams' defaults (confmon with its own), and each join's final counts equal the");
        out.printf(Locale.ROOT, "generator's cell for cell. %d CPUs. Rounds: %d (joins interleaved, each round starting one contender later;%n",
                Runtime.getRuntime().availableProcessors(), s.rounds());
        out.printf(Locale.ROOT, "the median counts). Each contender starts once the CPUs are less than %.0f %% busy (at most a minute's wait).%n",
                100 * QuietMachine.QUIET);
        if (!s.monitorSettings().isEmpty()) out.println("confmon settings: " + s.monitorSettings());
        out.println("load before: " + uptimeBefore);
        out.println("load after:  " + uptimeAfter);
        if (s.warmUp()) {
            out.printf(Locale.ROOT, "Each join's JVM first reads warm-up topics of the same size %s, as an application of its own each time, and%n",
                    s.warmUpPasses() == 1 ? "once" : s.warmUpPasses() + " times");
            out.println("closes it; then the measured run, with more of its JIT compilers' work done (the first warm-up pass gives the cold figure).");
        }
        MonitorBenchComparison.Row bareRow = named(rows, BARE_JOIN);
        MonitorBenchComparison.Row confmon = named(rows, CONFMON);
        List<Measure> columns = new ArrayList<>(List.of(Measure.CLOCK, Measure.CPU, Measure.STREAM_THREADS));
        if (s.warmUp()) columns.add(Measure.COLD);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "| %-68s |", "contender"));
        StringBuilder rule = new StringBuilder("|" + "-".repeat(70) + "|");
        for (Measure m : columns) {
            header.append(String.format(Locale.ROOT, " %" + m.width + "s | %11s |", m.heading, "x bare join"));
            rule.append("-".repeat(m.width + 1)).append(":|").append("-".repeat(12)).append(":|");
        }
        out.printf(Locale.ROOT, "%n%s notes |%n%s---|%n", header, rule);
        for (MonitorBenchComparison.Row row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %-68s |", row.contender()));
            for (Measure m : columns) {
                double rate = median(m.rates(row));
                boolean ratio = row.join() && bareRow != null && !Double.isNaN(rate);
                line.append(String.format(Locale.ROOT, " %" + m.width + "s | %11s |", Double.isNaN(rate) ? "" : String.format(Locale.ROOT, "%,.0f", rate),
                        ratio ? String.format(Locale.ROOT, "%.2f", ratio(row, bareRow, m)) : ""));
            }
            out.printf(Locale.ROOT, "%s %s |%n", line, notes(row));
        }
        double bare = bareRow == null ? Double.NaN : median(Measure.CLOCK.rates(bareRow));
        out.printf(Locale.ROOT, "%n(records/s: input records over the time from ready;%n"
                + "records/CPU-s: over the CPU time its process used in that time, all its threads (JIT and GC included) but the%n"
                + "benchmark's watcher of its count, the broker's apart;%n"
                + "records/stream-thread-CPU-s: over the CPU time of its Kafka Streams stream threads alone (the per-record work);%n"
                + "%sx bare join: the median of each round's ratio to the bare join%s;%n"
                + "notes: JIT, the time the JVM's compilers spent in that time)%n",
                s.warmUp() ? "cold records/s: the first warm-up pass, in a fresh JVM, by the clock;%n".formatted() : "",
                Double.isNaN(bare) ? "" : String.format(Locale.ROOT, " (%,.0f records/s)", bare));
        MonitorBenchComparison.Row baseline = rows.stream().filter(r -> r.contender().startsWith(CONFMON_BASELINE)).findFirst().orElse(null);
        if (baseline != null && confmon != null) {
            out.printf(Locale.ROOT, "%s against the %s: %.2f x by the clock, %.2f x by CPU time (medians of each round's ratio)%n", CONFMON,
                    baseline.contender(), ratio(confmon, baseline, Measure.CLOCK), ratio(confmon, baseline, Measure.CPU));
        }
        rows.stream().filter(r -> r.contender().startsWith(CONFMON)).filter(r -> bareRow != null).forEach(r -> {
            StringBuilder goal = new StringBuilder(String.format(Locale.ROOT, "goal: %s >= %.2f x the bare join%s:", r.contender(), GOAL_RATIO,
                    s.warmUp() ? " (after the warm-up passes, but for the cold figure)" : ""));
            for (Measure m : columns) {
                double x = ratio(r, bareRow, m);
                goal.append(String.format(Locale.ROOT, " %.2f %s (%s),", x, m.by, met(x)));
            }
            goal.setLength(goal.length() - 1);
            out.println(goal);
        });
        MonitorBenchComparison.Row batched = named(rows, BARE_JOIN_BATCHED);
        if (batched != null && confmon != null) {
            // Not the goal, which is against the bare join as Streams' defaults make it: what confmon's own work costs, the setting aside.
            StringBuilder same = new StringBuilder(String.format(Locale.ROOT, "%s against the bare join with the same producer batches:", CONFMON));
            for (Measure m : columns) same.append(String.format(Locale.ROOT, " %.2f %s,", ratio(confmon, batched, m), m.by));
            same.setLength(same.length() - 1);
            out.println(same + " (medians of each round's ratio)");
        }
    }

    /** The row of that contender, or null when it did not run. */
    private static MonitorBenchComparison.Row named(List<MonitorBenchComparison.Row> rows, String contender) {
        return rows.stream().filter(r -> r.contender().equals(contender)).findFirst().orElse(null);
    }

    private static String met(double ratio) {
        return ratio >= GOAL_RATIO ? "met" : "NOT met";
    }

    /** The median over rounds of the row's rate divided by another row's (the bare join's) rate of the same round. */
    private static double ratio(MonitorBenchComparison.Row row, MonitorBenchComparison.Row bare, Measure m) {
        List<Double> mine = m.rates(row);
        List<Double> theirs = m.rates(bare);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < mine.size() && i < theirs.size(); i++) ratios.add(mine.get(i) / theirs.get(i));
        return median(ratios);
    }

    private static String notes(MonitorBenchComparison.Row row) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < row.runs().size(); i++) {
            ContenderResult r = row.runs().get(i);
            double[] load = row.load().get(i);
            String run = String.format(Locale.ROOT, "%s%.2f s%s%s, load %.1f->%.1f",
                    row.runs().size() > 1 ? String.format(Locale.ROOT, "%,.0f/s ", r.perSecond()) : "", r.seconds(),
                    r.cpuSeconds() > 0 ? String.format(Locale.ROOT, " (%.1f CPU-s)", r.cpuSeconds()) : "", r.startupSeconds() > 0 ? String.format(Locale.ROOT, " after %.1f s startup", r.startupSeconds()) : "", load[0], load[1]);
            if (r.jitSeconds() >= 0) run += String.format(Locale.ROOT, ", JIT %.1f s, stream threads %.1f CPU-s", r.jitSeconds(), r.streamThreadSeconds());
            if (r.watcherSeconds() >= 0) run += String.format(Locale.ROOT, ", watcher %.1f CPU-s left out", r.watcherSeconds());
            if (r.warmUp() != null) {
                run += String.format(Locale.ROOT, "; warm-up %,.0f/s %.2f s (%.1f CPU-s, JIT %.1f s, stream threads %.1f CPU-s)", r.warmUp().perSecond(),
                        r.warmUp().seconds(), r.warmUp().cpuSeconds(), r.warmUp().jitSeconds(), r.warmUp().streamThreadSeconds());
            }
            if (!r.note().isEmpty()) run += "; " + r.note();
            parts.add(run);
        }
        return String.join("; ", parts);
    }

    /** What a column divides the input records by, per run (runs where it was not measured are left out). */
    private enum Measure {
        CLOCK("records/s", "by the clock", 9),
        CPU("records/CPU-s", "by CPU time", 13),
        STREAM_THREADS("records/stream-thread-CPU-s", "by stream-thread CPU", 27),
        COLD("cold records/s", "in a fresh JVM by the clock", 14);

        final String heading;
        final String by;
        final int width;

        Measure(String heading, String by, int width) {
            this.heading = heading;
            this.by = by;
            this.width = width;
        }

        List<Double> rates(MonitorBenchComparison.Row row) {
            List<Double> rates = new ArrayList<>();
            for (ContenderResult r : row.runs()) {
                switch (this) {
                    case CLOCK -> rates.add(r.perSecond());
                    case CPU -> {
                        if (r.cpuSeconds() > 0) rates.add(r.perCpuSecond());
                    }
                    case STREAM_THREADS -> {
                        if (r.streamThreadSeconds() > 0) rates.add(r.records() / r.streamThreadSeconds());
                    }
                    case COLD -> {
                        if (r.warmUp() != null) rates.add(r.warmUp().perSecond());
                    }
                }
            }
            return rates;
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The 1-minute load average (Linux), NaN elsewhere. */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** What {@code uptime} prints: the machine's load averages over 1, 5 and 15 minutes. */
    static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return text;
        } catch (IOException e) {
            return "(uptime: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(uptime interrupted)";
        }
    }
}
