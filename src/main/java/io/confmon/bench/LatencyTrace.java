package io.confmon.bench;

import io.confmon.app.ThreadStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a timed pair came with, for finding why the slow ones were slow: every pair's label ack
 * (UTC ms), latency, and asks of the API (how many, the slowest answer) in one CSV, and the
 * monitor's CPU by thread each second in another, read from {@code /proc} (RocksDB's threads run
 * in native code, which a Java profiler's samples miss).
 * A p99 of 400 pairs is the fourth slowest pair; lining its clock time up with the monitor's
 * threads says whether a compaction, the JIT compiler or the gauges' refresh shared the CPU then.
 */
final class LatencyTrace implements AutoCloseable {
    /** One reading a second: the windows the README's CPU shares are given in. */
    static final long SAMPLE_MS = 1_000;
    /** The clock ticks {@code /proc/<pid>/task/<tid>/stat} counts CPU time in (USER_HZ, 100 on Linux). */
    static final long TICKS_PER_SECOND = 100;

    private final Writer pairs;
    private final Writer cpu;
    private final Thread sampler;
    private volatile boolean closed;

    private LatencyTrace(Path pairsFile, Path cpuFile, long monitorPid) throws IOException {
        this.pairs = Files.newBufferedWriter(pairsFile, StandardCharsets.UTF_8);
        this.cpu = Files.newBufferedWriter(cpuFile, StandardCharsets.UTF_8);
        pairs.write("phase,pair,label_acked_utc_ms,latency_ms,asks,slowest_ask_ms\n");
        cpu.write("utc_ms,thread,cpu_share\n");
        sampler = new Thread(() -> sample(monitorPid), "latency-trace-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Writes {@code pairs-k<K>.csv} and {@code monitor-cpu-k<K>.csv} into {@code dir}, sampling the monitor of {@code pid} until closed. */
    static LatencyTrace start(Path dir, int classes, long monitorPid) throws IOException {
        Files.createDirectories(dir);
        return new LatencyTrace(dir.resolve("pairs-k" + classes + ".csv"), dir.resolve("monitor-cpu-k" + classes + ".csv"), monitorPid);
    }

    /** A timed pair: {@code phase} is "idle" or "load"; the API was asked {@code asks} times until it counted it. */
    synchronized void pair(String phase, int index, long labelAckedUtcMs, double latencyMs, int asks, double slowestAskMs) {
        write(pairs, String.format(Locale.ROOT, "%s,%d,%d,%.1f,%d,%.1f%n", phase, index + 1, labelAckedUtcMs, latencyMs, asks, slowestAskMs));
    }

    private void sample(long pid) {
        Map<String, Long> before = threadTicks(pid);
        while (!closed) {
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
            Map<String, Long> now = threadTicks(pid);
            if (now.isEmpty()) return;
            long at = System.currentTimeMillis();
            StringBuilder lines = new StringBuilder();
            for (Map.Entry<String, Long> byGroup : since(before, now).entrySet()) {
                if (byGroup.getValue() == 0) continue;
                double share = byGroup.getValue() / (double) TICKS_PER_SECOND / (SAMPLE_MS / 1000.0);
                lines.append(String.format(Locale.ROOT, "%d,%s,%.2f%n", at, byGroup.getKey(), share));
            }
            synchronized (this) {
                write(cpu, lines.toString());
            }
            before = now;
        }
    }

    /** Ticks by thread group between two readings; a thread started in between counts from zero. */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> now) {
        Map<String, Long> groups = new TreeMap<>();
        now.forEach((tidAndName, ticks) -> groups.merge(group(tidAndName.substring(tidAndName.indexOf(' ') + 1)),
                ticks - before.getOrDefault(tidAndName, 0L), Long::sum));
        return groups;
    }

    /**
     * The kernel's thread name (its first 15 characters) without a trailing number, so that
     * threads of one pool add up ("pool-2-thread-1" and "-2" are "pool-2-thread"); RocksDB's
     * compaction threads are all "rocksdb:low", the JIT's "C2 CompilerThre" and "C1 CompilerThre".
     */
    static String group(String comm) {
        return comm.replaceAll("[-_ #]*\\d+$", "").replace(',', ' ');
    }

    /** "tid name" -> user + system ticks of each thread of {@code pid}; empty once it has exited. */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    ThreadStat stat = ThreadStat.parse(Files.readString(task.resolve("stat")));
                    ticks.put(task.getFileName() + " " + stat.name(), stat.cpuTicks());
                } catch (NoSuchFileException gone) {
                    // The thread ended between the listing and the read.
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (NoSuchFileException exited) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
    }

    private static void write(Writer w, String text) {
        try {
            w.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        sampler.interrupt();
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            pairs.close();
            cpu.close();
        }
    }
}
