package io.confmon.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code bench monitor --parts growth}: whether a record costs more as the state grows. One
 * {@code confmon run} (its defaults, exactly-once) reads N predictions that no label follows, so
 * every record adds an entry to the join's state, from the earliest offsets; the model's
 * {@code pending} count, polled over HTTP, says how much state it holds. The rate in each tenth of
 * the run (from 0.1 N to 0.2 N pending, ..., to N) is the cost of a record at that size of state.
 */
public final class StateGrowthBench {
    private static final long POLL_MS = 250;
    private static final Duration TIMEOUT = Duration.ofMinutes(40);
    private static final int SLICES = 10;

    /** One poll: seconds since the start and the pending count then. */
    private record Sample(double seconds, long pending) {}

    private StateGrowthBench() {}

    public static void run(long n, Map<String, String> monitorSettings, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("confmon-bench-growth");
        String uptimeBefore = ComparisonReport.uptime();
        List<Sample> samples = new ArrayList<>();
        try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker-data"), work.resolve("broker.log"))) {
            MonitorBench.progress("growth: confmon broker ready on %s (log %s)", broker.bootstrap(), work.resolve("broker.log"));
            String prefix = "grow-";
            double produced = MonitorBenchLoad.pendingPredictions(broker.bootstrap(), prefix, n, "growth N=" + n);
            MonitorBench.progress("growth: produced %,d predictions (no labels) in %.1f s", n, produced);

            List<String> args = MonitorProcess.runArgs(broker.bootstrap(), prefix + "app", Files.createTempDirectory(work, "state-"), prefix,
                    monitorSettings);
            MonitorProcess monitor = MonitorProcess.start(MonitorProcess.freePort(), args, work.resolve("monitor.log"));
            try {
                long start = System.nanoTime();
                long lastProgress = 0;
                long held = -1;
                while (held < n) {
                    monitor.failIfExited("growth");
                    double t = (System.nanoTime() - start) / 1e9;
                    if (t > TIMEOUT.toSeconds()) throw new IllegalStateException("growth: " + n + " pending not reached in " + TIMEOUT);
                    OptionalLong pending = monitor.pending(MonitorBench.MODEL);
                    if (pending.isPresent()) {
                        held = pending.getAsLong();
                        samples.add(new Sample(t, held));
                    }
                    if (System.nanoTime() - lastProgress > 10_000_000_000L) {
                        MonitorBench.progress("growth: %s of %,d pending", held < 0 ? "none yet" : String.format(Locale.ROOT, "%,d", held), n);
                        lastProgress = System.nanoTime();
                    }
                    Thread.sleep(POLL_MS);
                }
            } finally {
                monitor.stop();
            }
        } finally {
            print(out, n, samples, uptimeBefore, ComparisonReport.uptime());
            try {
                Utils.delete(work.toFile());
            } catch (IOException e) {
                MonitorBench.progress("could not delete %s: %s", work, e.getMessage());
            }
        }
    }

    /** The first time the count reached {@code pending}, interpolated between the two polls around it. */
    private static double timeAt(List<Sample> samples, long pending) {
        Sample before = null;
        for (Sample s : samples) {
            if (s.pending() >= pending) {
                if (before == null || s.pending() == before.pending()) return s.seconds();
                return before.seconds() + (s.seconds() - before.seconds()) * (pending - before.pending()) / (s.pending() - before.pending());
            }
            before = s;
        }
        return Double.NaN;
    }

    private static void print(PrintStream out, long n, List<Sample> samples, String uptimeBefore, String uptimeAfter) {
        out.printf(Locale.ROOT, "%nstate growth: `confmon run` (its defaults, exactly_once_v2) reads %,d predictions that no label follows,%n", n);
        out.println("each adding an entry to the join's state; `confmon broker` in its own JVM; 4 partitions; the rate in each tenth");
        out.println("of the run, timed by the model's pending count (polled every " + POLL_MS + " ms over HTTP).");
        out.println("load before: " + uptimeBefore);
        out.println("load after:  " + uptimeAfter);
        out.printf(Locale.ROOT, "%n| %25s | %11s | %10s |%n", "pending held", "records/s", "x 2nd tenth");
        out.println("|---:|---:|---:|");
        double reference = Double.NaN;
        boolean untimed = false;
        for (int i = 0; i < SLICES; i++) {
            long from = Math.max(n * i / SLICES, 1);
            long to = n * (i + 1) / SLICES;
            double seconds = timeAt(samples, to) - timeAt(samples, from);
            // A tenth read within a few polls cannot be timed by them.
            boolean timed = seconds > 4 * POLL_MS / 1e3;
            double rate = timed ? (to - from) / seconds : Double.NaN;
            // The first tenth holds the JVM's warm-up: the second is the reference.
            if (i == 1) reference = rate;
            untimed |= !timed;
            out.printf(Locale.ROOT, "| %,11d - %,11d | %11s | %10s |%n", n * i / SLICES, to,
                    timed ? String.format(Locale.ROOT, "%,.0f", rate) : "-",
                    i == 0 || !timed || Double.isNaN(reference) ? "" : String.format(Locale.ROOT, "%.2f", rate / reference));
        }
        if (untimed) out.printf(Locale.ROOT, "(-: read within %d ms, too fast for the polls to time; a larger --growth-pending times it)%n", 4 * POLL_MS);
    }
}
