package io.confmon.bench;

import io.confmon.demo.GeneratorSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;

/**
 * Part {@code latency}: a label's ack to the API counting its pair, on {@code confmon run} with a
 * CPU of its own. In production the producers and the brokers run on other machines than the
 * monitor; part {@code in_jvm} puts them all in one JVM on the same CPUs, so there "half the
 * maximum rate" of live load takes far more than half the CPU the maximum was measured with.
 * Here the monitor is bound to one CPU ({@code taskset}); the broker, the load and the timing run
 * on the others. Its maximum rate is the best of a few exactly-once catch-ups on that CPU (the
 * first in a fresh JVM, the later ones with its JIT warmer); then pairs are timed idle and while
 * other pairs come at half that rate.
 */
public final class LatencyBench {
    public static final int MAX_PASSES = 9;
    private static final long TIMEOUT_NS = 600_000_000_000L;

    /**
     * @param passes   catch-ups of {@code records} each; the best is the maximum rate
     * @param loadRate input records a second of other pairs while pairs are timed under load; empty for half the maximum rate
     * @param traceDir where each class count's {@link LatencyTrace} goes (every timed pair, the monitor's CPU by thread each second)
     *                 and its monitor's log; empty for none
     */
    public record Settings(long records, List<Integer> classes, int latencySamples, int labelPartitions, int passes, OptionalDouble loadRate,
                           Map<String, String> monitorSettings, Optional<Path> traceDir) {
        public Settings {
            if (passes < 1 || passes > MAX_PASSES) throw new IllegalArgumentException("passes are 1 to " + MAX_PASSES + ", got " + passes);
        }

        public Settings(long records, List<Integer> classes, int latencySamples, int labelPartitions, int passes, OptionalDouble loadRate,
                        Map<String, String> monitorSettings) {
            this(records, classes, latencySamples, labelPartitions, passes, loadRate, monitorSettings, Optional.empty());
        }
    }

    /**
     * One class count's figures.
     *
     * @param passes     input records/s of each catch-up: the first in a fresh JVM from RUNNING, each later one from its first
     *                   record sent (sent far faster than the monitor joins them)
     * @param monitorCpuShare the monitor's CPU time over the clock time while pairs were timed under load: the share of its CPU it used
     * @param busyUnderLoad   how busy each CPU was while pairs were timed under load (every process)
     * @param busyLoadAlone   the same for the load alone, at the same rate, once the monitor has stopped: what the producer and the broker take
     * @param stallsCatchingUp RocksDB's write-stall warnings from the monitor's start to the end of the catch-ups
     * @param stallsUnderLoad  the same while pairs were timed under load
     */
    record Result(int classes, List<Double> passes, MonitorBenchResult.Latency idle, MonitorBenchResult.LoadedLatency loaded,
                  double monitorCpuShare, Map<Integer, Double> busyUnderLoad, Map<Integer, Double> busyLoadAlone,
                  long stallsCatchingUp, long stallsUnderLoad) {
        double maximum() {
            return Collections.max(passes);
        }
    }

    private LatencyBench() {}

    public static void run(Settings s, PrintStream out) throws Exception {
        CpuPinning.Split cpus = CpuPinning.split();
        CpuPinning.pinThisJvm(cpus.othersList());
        MonitorBench.progress("latency: this JVM, the broker and the load on CPU %s; the monitor on CPU %d", cpus.othersList(), cpus.monitor());
        Path work = Files.createTempDirectory("confmon-bench-latency");
        String uptimeBefore = ComparisonReport.uptime();
        List<Result> results = new ArrayList<>();
        try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker-data"), work.resolve("broker.log"))) {
            for (int k : s.classes()) results.add(runFor(broker.bootstrap(), k, s, cpus, work));
        } finally {
            print(out, s, cpus, results, uptimeBefore, ComparisonReport.uptime());
            try {
                Utils.delete(work.toFile());
            } catch (IOException e) {
                MonitorBench.progress("could not delete %s: %s", work, e.getMessage());
            }
        }
    }

    private static Result runFor(String bootstrap, int k, Settings s, CpuPinning.Split cpus, Path work) throws Exception {
        String label = "latency K=" + k;
        String prefix = "latency-k" + k + "-";
        String predictions = prefix + "predictions";
        String labels = prefix + "labels";
        long pairs = s.records() / 2;
        long records = 2 * pairs;
        GeneratorSettings generator = GeneratorSettings.of(k, k).withTimes(MonitorBenchLoad.recentStart(Duration.ofHours(1)), Duration.ofHours(1));
        MonitorBenchLoad.createTopics(bootstrap, Map.of(predictions, MonitorBenchLoad.PREDICTION_PARTITIONS, labels, s.labelPartitions()));
        // The first pass waits in the topics before the monitor starts; the later ones are sent while it runs.
        MonitorBenchLoad.produceCounted(bootstrap, generator.withModel(passModel(1)), pairs, predictions, labels, false, passIds(1), label);

        List<String> args = MonitorProcess.runArgs(bootstrap, prefix + "app", Files.createTempDirectory(work, "state-"), prefix, s.monitorSettings());
        MonitorProcess monitor = MonitorProcess.startPinned(Integer.toString(cpus.monitor()), MonitorProcess.freePort(), args, work.resolve("monitor-k" + k + ".log"));
        double rate;
        MonitorBenchResult.Latency idle;
        MonitorBenchResult.LoadedLatency loaded;
        List<Double> passes = new ArrayList<>();
        double share;
        Map<Integer, Double> busy;
        long stallsCatchingUp;
        long stallsUnderLoad;
        LatencyTrace trace = s.traceDir().isPresent() ? LatencyTrace.start(s.traceDir().get(), k, monitor.pid()) : null;
        try {
            long start = System.nanoTime();
            while (!monitor.ready()) {
                monitor.failIfExited(label);
                deadline(start, label + ": not ready");
                Thread.sleep(100);
            }
            for (int pass = 1; pass <= s.passes(); pass++) {
                long from = System.nanoTime();
                // Sent far faster than the monitor joins them, so it reads a backlog, as in a catch-up.
                if (pass > 1) MonitorBenchLoad.produceCounted(bootstrap, generator.withModel(passModel(pass)), pairs, predictions, labels, false,
                        passIds(pass), label);
                passes.add(records / awaitJoined(monitor, passModel(pass), pairs, from, label + " pass " + pass));
                MonitorBench.progress("%s: pass %d%s %,.0f input records/s", label, pass, pass == 1 ? " (a fresh JVM)" : "", passes.get(pass - 1));
            }

            stallsCatchingUp = monitor.rocksDbWriteStallWarnings();
            idle = MonitorBenchProbes.latency(monitor.port(), bootstrap, predictions, labels, s.latencySamples(), label, sink(trace, "idle"));
            MonitorBench.progress("%s: idle %s", label, idle.summary());
            rate = s.loadRate().orElse(Collections.max(passes) / 2);
            long stallsBefore = monitor.rocksDbWriteStallWarnings();
            Duration cpuBefore = monitor.cpu();
            CpuBusy.Mark busyBefore = CpuBusy.now();
            long loadStart = System.nanoTime();
            loaded = MonitorBenchProbes.latencyUnderLoad(monitor.port(), bootstrap, predictions, labels, s.latencySamples(), rate, label,
                    sink(trace, "load"));
            share = (monitor.cpu().minus(cpuBefore).toNanos()) / (double) (System.nanoTime() - loadStart);
            busy = CpuBusy.now().since(busyBefore);
            stallsUnderLoad = monitor.rocksDbWriteStallWarnings() - stallsBefore;
            MonitorBench.progress("%s: at %,.0f records/s %s; the monitor used %.0f %% of its CPU; CPUs busy %s; "
                            + "RocksDB write-stall warnings %,d (%,d in the catch-ups)", label, loaded.backgroundPerSecond(),
                    loaded.latency().summary(), 100 * share, percents(busy), stallsUnderLoad, stallsCatchingUp);
        } finally {
            if (trace != null) trace.close();
            monitor.stop();
            // The monitor's log (RocksDB's stall warnings, with their times) goes with the trace: the work dir is deleted.
            if (s.traceDir().isPresent()) Files.copy(monitor.log(), s.traceDir().get().resolve("monitor-k" + k + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Map<Integer, Double> alone = loadAlone(bootstrap, predictions, labels, rate, label);
        return new Result(k, passes, idle, loaded, share, busy, alone, stallsCatchingUp, stallsUnderLoad);
    }

    private static MonitorBenchProbes.PairSink sink(LatencyTrace trace, String phase) {
        return trace == null ? MonitorBenchProbes.PairSink.NONE : (index, ackedUtcMs, ms, asks, slowestAskMs) -> trace.pair(phase, index, ackedUtcMs, ms, asks, slowestAskMs);
    }

    /** Each pass's pairs are a model of their own, so that its joined count says when the pass is done. */
    private static String passModel(int pass) {
        return "pass" + pass;
    }

    /** Each pass's ids start with 4 characters of their own: new pairs, not duplicates of the last pass's. */
    static String passIds(int pass) {
        if (pass < 1 || pass > MAX_PASSES) throw new IllegalArgumentException("passes are 1 to " + MAX_PASSES + ", got " + pass);
        return "p" + pass + "--".substring(0, 3 - Integer.toString(pass).length());
    }

    /** How busy the CPUs are while the load alone runs at {@code rate} for 15 s, nothing reading it. */
    private static Map<Integer, Double> loadAlone(String bootstrap, String predictions, String labels, double rate, String label)
            throws Exception {
        CpuBusy.Mark before;
        try (BackgroundLoad load = BackgroundLoad.start(bootstrap, predictions, labels, "background", "alone-", rate)) {
            Thread.sleep(3_000);
            before = CpuBusy.now();
            Thread.sleep(15_000);
        }
        Map<Integer, Double> busy = CpuBusy.now().since(before);
        MonitorBench.progress("%s: the load alone at %,.0f records/s, no monitor: CPUs busy %s", label, rate, percents(busy));
        return busy;
    }

    private static String percents(Map<Integer, Double> busy) {
        StringBuilder b = new StringBuilder();
        busy.forEach((cpu, share) -> b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d: %.0f %%", cpu, 100 * share)));
        return b.toString();
    }

    /**
     * How often a catch-up's joined count is asked. Each ask is {@code GET /api/v1/models}, which
     * sums every model's whole history, on the monitor's one CPU: asked every 50 ms, the asks took
     * 25-30 % of it during the catch-ups (per-thread CPU from /proc), so the maximum rate measured
     * the asks too. A catch-up of 1M records takes 10-30 s: 250 ms is at most 2.5 % of it.
     */
    static final long WATCH_INTERVAL_MS = 250;

    /** Waits until the model's joined count reaches {@code pairs}; returns the seconds since {@code from}. */
    private static double awaitJoined(MonitorProcess monitor, String model, long pairs, long from, String label) throws InterruptedException {
        long lastProgress = System.nanoTime();
        while (true) {
            OptionalLong joined = monitor.joined(model);
            long now = System.nanoTime();
            if (joined.isPresent() && joined.getAsLong() >= pairs) return (now - from) / 1e9;
            monitor.failIfExited(label);
            deadline(from, label);
            if (now - lastProgress > 2_000_000_000L) {
                MonitorBench.progress("%s: joined %,d of %,d", label, joined.orElse(0), pairs);
                lastProgress = now;
            }
            Thread.sleep(WATCH_INTERVAL_MS);
        }
    }

    private static void deadline(long start, String what) {
        if (System.nanoTime() - start > TIMEOUT_NS) throw new IllegalStateException(what + " within 10 minutes");
    }

    static void print(PrintStream out, Settings s, CpuPinning.Split cpus, List<Result> results, String uptimeBefore, String uptimeAfter) {
        if (results.isEmpty()) return;
        out.printf(Locale.ROOT, "%nlatency: label ack -> API on `confmon run` (exactly_once_v2, its defaults%s) bound to CPU %d (taskset);%n",
                s.monitorSettings().isEmpty() ? "" : ", with " + s.monitorSettings(), cpus.monitor());
        out.printf(Locale.ROOT, "`confmon broker`, the load and the timing on CPU %s. Topics: predictions %d partitions, labels %d; %,d records a pass.%n",
                cpus.othersList(), MonitorBenchLoad.PREDICTION_PARTITIONS, s.labelPartitions(), 2 * (s.records() / 2));
        out.printf(Locale.ROOT, "Maximum rate: the best of %d catch-ups, the first in a fresh JVM, each later one sent while it runs (faster than it joins).%n",
                s.passes());
        out.printf(Locale.ROOT, "Pairs timed one at a time, the API asked from %d ms after the label's ack every %d ms: idle, then under %s.%n",
                MonitorBenchProbes.FIRST_ASK_MS, MonitorBenchProbes.POLL_MS,
                s.loadRate().isPresent() ? "the load asked for (--load-rate)" : "other pairs at half the maximum rate");
        out.println("load before: " + uptimeBefore);
        out.println("load after:  " + uptimeAfter);
        out.println("Under load: the share of its CPU the monitor's process used, and how busy the CPUs were (every process; 'others' is the");
        out.println("mean of the CPUs other than the monitor's); then the same load alone for 15 s once the monitor has stopped.");
        out.println("Write stalls: RocksDB's warnings that it stopped or slowed a store's writes (its stream thread waits), in the catch-ups");
        out.println("and under load (confmon_rocksdb_write_stall_warnings_total).");
        out.printf(Locale.ROOT, "%n| K | catch-ups, records/s | idle p50 / p99 / max | load records/s | p50 / p99 / max under load "
                + "| monitor's process | CPU %d busy | others busy | others busy, the load alone | write stalls: catch-ups / load |%n", cpus.monitor());
        out.println("|---:|---|---|---:|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %d | %s | %s | %,.0f | %s | %.0f %% | %.0f %% | %.0f %% | %.0f %% | %,d / %,d |%n", r.classes(),
                    r.passes().stream().map(x -> String.format(Locale.ROOT, "%,.0f", x)).collect(Collectors.joining(", ")),
                    triple(r.idle()), r.loaded().backgroundPerSecond(), triple(r.loaded().latency()), 100 * r.monitorCpuShare(),
                    100 * r.busyUnderLoad().getOrDefault(cpus.monitor(), 0.0), 100 * cpus.othersBusy(r.busyUnderLoad()),
                    100 * cpus.othersBusy(r.busyLoadAlone()), r.stallsCatchingUp(), r.stallsUnderLoad());
        }
        if (s.loadRate().isPresent()) return;
        out.println();
        for (Result r : results) {
            MonitorBenchResult.Latency under = r.loaded().latency();
            boolean reached = !under.fellBehind() && !under.sortedMs().isEmpty();
            out.printf(Locale.ROOT, "goal, K=%d: p99 at half the maximum rate (%,.0f of %,.0f records/s) %s (goal <= %.0f ms: %s)%n", r.classes(),
                    r.loaded().backgroundPerSecond(), r.maximum(),
                    reached ? String.format(Locale.ROOT, "%.0f ms", under.percentile(99)) : "not reached (the monitor fell behind)",
                    MonitorBenchReport.GOAL_P99_MS, reached && under.percentile(99) <= MonitorBenchReport.GOAL_P99_MS ? "met" : "NOT met");
        }
    }

    private static String triple(MonitorBenchResult.Latency l) {
        if (l.fellBehind()) return l.summary();
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms (%d pairs)", l.percentile(50), l.percentile(99), l.percentile(100), l.sortedMs().size());
    }
}
