package io.confmon.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The monitor benchmark's table, goals and profiles. */
final class MonitorBenchReport {
    /** The latency goal: p99 from a label's ack to the API at half the maximum rate, in ms. */
    static final double GOAL_P99_MS = 250;
    private static final double GOAL_PENDING_BYTES = 200;

    private MonitorBenchReport() {}

    static void print(PrintStream out, MonitorBench.Settings s, String bootstrap, List<MonitorBenchResult.PerClasses> results) {
        MonitorBenchResult.PerClasses first = results.get(0);
        out.printf(Locale.ROOT, "%nconfmon bench monitor: %,d input records per run (%,d prediction + label pairs, %.0f B per record on average, ids 16 B)%n",
                first.records(), first.records() / 2, first.bare().bytes() / (double) first.bare().records());
        out.printf(Locale.ROOT, "Kafka: one broker embedded in this JVM (EmbeddedBroker.start(0, null), %s), sharing its %d CPUs with the clients;%n",
                bootstrap, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "topics: predictions %d partitions, labels %d (%s);%n", MonitorBenchLoad.PREDICTION_PARTITIONS,
                s.labelPartitions(), s.labelPartitions() == MonitorBenchLoad.PREDICTION_PARTITIONS
                        ? "every label sits in its id's partition and is joined where it is read"
                        : "a label not in its id's partition of " + Math.max(s.labelPartitions(), MonitorBenchLoad.PREDICTION_PARTITIONS)
                        + " goes through the by-id topic, one more commit on its way");
        out.println("confmon with its default settings (1 stream thread,");
        out.println("deltas handed on at each commit, every 100 ms under exactly_once_v2, and at_least_once also every 50 ms between its commits");
        out.println("every 30 s), a fresh application id and state dir per run,");
        out.println("from the earliest offsets until every pair is joined (records/s counted from RUNNING; startup apart).");
        out.println("The bare consumer is timed from its first poll, best of three reads (the first, with a cold JIT, is in the progress lines).");
        if (!s.monitorSettings().isEmpty()) out.println("monitor settings changed for every run: " + s.monitorSettings());
        out.printf(Locale.ROOT, "%n%-7s %-44s %12s %9s  %s%n", "classes", "pipeline", "records/s", "x bare", "notes");
        for (MonitorBenchResult.PerClasses r : results) {
            double bare = r.bare().perSecond();
            out.printf(Locale.ROOT, "%-7d %-44s %,12.0f %9.2f  %.2f s%n", r.classes(), "bare KafkaConsumer, both topics", bare, 1.0, r.bare().seconds());
            for (MonitorBenchResult.MonitorRun run : List.of(r.eos(), r.alos())) {
                out.printf(Locale.ROOT, "%-7d %-44s %,12.0f %9.2f  %.2f s, after %.1f s of startup%s%n", r.classes(), "confmon " + run.guarantee(),
                        run.processing().perSecond(), run.processing().perSecond() / bare, run.processing().seconds(), run.startupSeconds(),
                        run == r.eos() && r.profile() != null ? " (under JFR)" : "");
            }
            out.printf(Locale.ROOT, "%-7d %-44s %12s %9s  p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d pairs, exactly_once_v2)%n", r.classes(),
                    "latency: label ack -> API counts the pair", "", "", r.latency().percentile(50), r.latency().percentile(99),
                    r.latency().percentile(100), r.latency().sortedMs().size());
            MonitorBenchResult.Latency under = r.loaded().latency();
            out.printf(Locale.ROOT, "%-7d %-44s %12s %9s  %s (%d pairs, exactly_once_v2, %,.0f records/s of other pairs)%n",
                    r.classes(), s.loadRate().isPresent() ? "latency under load (--load-rate)" : "latency at half the exactly-once rate", "", "",
                    under.summary(), under.sortedMs().size(), r.loaded().backgroundPerSecond());
            MonitorBenchResult.PendingState p = r.pending();
            out.printf(Locale.ROOT, "%-7d %-44s %12s %9s  %.0f B serialized (join-entries %.0f + join-expiry %.0f); SST files %s (%,d pending)%n",
                    r.classes(), "state per pending prediction", "", "", p.serialized(), p.entryBytes(), p.expiryBytes(),
                    p.sstBytes() < 0 ? "not measured" : String.format(Locale.ROOT, "%.0f B", p.sstBytes()), p.pending());
        }
        out.println();
        for (MonitorBenchResult.PerClasses r : results) {
            if (s.loadRate().isPresent()) continue;
            // The throughput goal is a ratio to the bare Processor-API join: part 'comparison' measures it.
            MonitorBenchResult.Latency under = r.loaded().latency();
            boolean reached = !under.fellBehind() && !under.sortedMs().isEmpty();
            out.printf(Locale.ROOT, "goals, K=%d: p99 at half the rate %s (goal <= %.0f: %s); %.0f B per pending prediction (goal <= %.0f: %s)%n",
                    r.classes(), reached ? String.format(Locale.ROOT, "%.0f ms", under.percentile(99)) : "not reached (the monitor fell behind)",
                    GOAL_P99_MS, met(reached && under.percentile(99) <= GOAL_P99_MS), r.pending().serialized(), GOAL_PENDING_BYTES,
                    met(r.pending().serialized() <= GOAL_PENDING_BYTES));
        }
        out.println();
        for (MonitorBenchResult.PerClasses r : results) {
            for (MonitorBenchResult.MonitorRun run : List.of(r.eos(), r.alos())) {
                out.printf(Locale.ROOT, "K=%d %s: %s%n", r.classes(), run.guarantee(), run.cpu());
            }
        }
        for (MonitorBenchResult.PerClasses r : results) {
            if (r.profile() == null) continue;
            out.printf(Locale.ROOT, "%nprofile of the exactly_once_v2 run, K=%d (JFR, whole JVM: broker, clients and monitor):%n%s", r.classes(), r.profile());
        }
    }

    private static String met(boolean ok) {
        return ok ? "met" : "NOT met";
    }
}
