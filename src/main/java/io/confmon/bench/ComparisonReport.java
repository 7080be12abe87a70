package io.confmon.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The comparison's table: records/s per contender and, for the joins, the ratio to the bare join measured in the same run. */
final class ComparisonReport {
    static final String KCAT = "kcat, both topics";
    static final String CONSUMER = "bare KafkaConsumer, both topics";
    static final String DSL = "textbook DSL: KTable join KTable (materialized), groupBy cell, count";
    static final String BARE_JOIN = "bare Processor-API join: one store by id, cell counts per partition";
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
            out.println("Each join's JVM first reads warm-up topics of the same size once, as an application of its own, and closes it;");
            out.println("then the measured run: its JIT compilers' work is then mostly done (the warm-up pass is the cold figure).");
        }
        double bare = rows.stream().filter(r -> r.contender().equals(BARE_JOIN)).findFirst().map(r -> median(rates(r, false))).orElse(Double.NaN);
        MonitorBenchComparison.Row bareRow = rows.stream().filter(r -> r.contender().equals(BARE_JOIN)).findFirst().orElse(null);
        boolean cold = s.warmUp();
        out.printf(Locale.ROOT, "%n| %-68s | %9s | %11s | %13s | %11s |%s notes |%n", "contender", "records/s", "x bare join", "records/CPU-s",
                "x bare join", cold ? " cold records/s | x bare join |" : "");
        out.printf(Locale.ROOT, "|%s|%s:|%s:|%s:|%s:|%s---|%n", "-".repeat(70), "-".repeat(10), "-".repeat(12), "-".repeat(14), "-".repeat(12),
                cold ? "-".repeat(15) + ":|" + "-".repeat(12) + ":|" : "");
        for (MonitorBenchComparison.Row row : rows) {
            boolean ratio = row.join() && bareRow != null;
            double cpu = median(rates(row, true));
            String coldColumns = "";
            if (cold) {
                double coldRate = median(warmUpRates(row));
                coldColumns = String.format(Locale.ROOT, " %14s | %11s |", Double.isNaN(coldRate) ? "" : String.format(Locale.ROOT, "%,.0f", coldRate),
                        ratio && !Double.isNaN(coldRate) ? String.format(Locale.ROOT, "%.2f", coldRatio(row, bareRow)) : "");
            }
            out.printf(Locale.ROOT, "| %-68s | %,9.0f | %11s | %13s | %11s |%s %s |%n", row.contender(), median(rates(row, false)),
                    ratio ? String.format(Locale.ROOT, "%.2f", ratio(row, bareRow, false)) : "",
                    Double.isNaN(cpu) ? "" : String.format(Locale.ROOT, "%,.0f", cpu),
                    ratio ? String.format(Locale.ROOT, "%.2f", ratio(row, bareRow, true)) : "", coldColumns, notes(row));
        }
        out.printf(Locale.ROOT, "%n(records/s: input records over the time from ready; records/CPU-s: over the CPU time the contender's process used%n"
                + "in that time, all its threads, the broker's apart; x bare join: the median of each round's ratio to the bare join%s%s;%n"
                + "JIT: the time the JVM's compilers spent in that time; stream threads: their CPU in that time)%n",
                Double.isNaN(bare) ? "" : String.format(Locale.ROOT, ", %,.0f records/s", bare),
                cold ? "; cold: the warm-up pass, in a fresh JVM" : "");
        rows.stream().filter(r -> r.contender().startsWith(CONFMON_BASELINE)).findFirst().ifPresent(baseline -> {
            MonitorBenchComparison.Row confmon = rows.stream().filter(r -> r.contender().equals(CONFMON)).findFirst().orElse(null);
            if (confmon == null) return;
            out.printf(Locale.ROOT, "%s against the %s: %.2f x by the clock, %.2f x by CPU time (medians of each round's ratio)%n", CONFMON,
                    baseline.contender(), ratio(confmon, baseline, false), ratio(confmon, baseline, true));
        });
        rows.stream().filter(r -> r.contender().startsWith(CONFMON)).filter(r -> bareRow != null).forEach(r -> {
            double wall = ratio(r, bareRow, false);
            double cpu = ratio(r, bareRow, true);
            out.printf(Locale.ROOT, "goal: %s >= %.2f x the bare join%s: %.2f by the clock (%s), %.2f by CPU time (%s)%n", r.contender(), GOAL_RATIO,
                    cold ? ", warm" : "", wall, met(wall), cpu, met(cpu));
            if (cold) {
                double first = coldRatio(r, bareRow);
                out.printf(Locale.ROOT, "      in a fresh JVM (the warm-up pass): %.2f by the clock (%s)%n", first, met(first));
            }
        });
    }

    private static String met(double ratio) {
        return ratio >= GOAL_RATIO ? "met" : "NOT met";
    }

    /** The median over rounds of the row's warm-up rate divided by the bare join's warm-up rate of the same round. */
    private static double coldRatio(MonitorBenchComparison.Row row, MonitorBenchComparison.Row bare) {
        List<Double> mine = warmUpRates(row);
        List<Double> theirs = warmUpRates(bare);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < mine.size() && i < theirs.size(); i++) ratios.add(mine.get(i) / theirs.get(i));
        return median(ratios);
    }

    private static List<Double> warmUpRates(MonitorBenchComparison.Row row) {
        return row.runs().stream().filter(r -> r.warmUp() != null).map(r -> r.warmUp().perSecond()).collect(Collectors.toList());
    }

    /** The median over rounds of the row's rate divided by the bare join's rate of the same round. */
    private static double ratio(MonitorBenchComparison.Row row, MonitorBenchComparison.Row bare, boolean cpu) {
        List<Double> mine = rates(row, cpu);
        List<Double> theirs = rates(bare, cpu);
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
            if (r.warmUp() != null) {
                run += String.format(Locale.ROOT, "; warm-up %,.0f/s %.2f s (%.1f CPU-s, JIT %.1f s, stream threads %.1f CPU-s)", r.warmUp().perSecond(),
                        r.warmUp().seconds(), r.warmUp().cpuSeconds(), r.warmUp().jitSeconds(), r.warmUp().streamThreadSeconds());
            }
            if (!r.note().isEmpty()) run += "; " + r.note();
            parts.add(run);
        }
        return String.join("; ", parts);
    }

    /** Records per second of the clock, or of the process's CPU time (none where that was not measured). */
    private static List<Double> rates(MonitorBenchComparison.Row row, boolean cpu) {
        return row.runs().stream().filter(r -> !cpu || r.cpuSeconds() > 0)
                .map(r -> cpu ? r.perCpuSecond() : r.perSecond()).collect(Collectors.toList());
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
