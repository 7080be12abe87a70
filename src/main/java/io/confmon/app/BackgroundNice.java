package io.confmon.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.rocksdb.Env;
import org.rocksdb.Priority;
import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the work that can wait a lower CPU priority ({@code cpu.background.nice}, a Linux nice
 * value) than the work a label waits for: the JIT compiler's threads, RocksDB's compactions and
 * the gauges' refresh yield to the stream threads, the clients' I/O threads and RocksDB's flushes,
 * and run in the time those leave. Measured with {@code confmon bench monitor --parts latency
 * --latency-trace}: with the monitor on one CPU, the slow pairs under load came with bursts of
 * the C2 compiler (20-44 % of the CPU for a second, compiling the clients' code anew under live
 * load), of compactions (20-47 %) and of the gauges' refresh (5-9 %), which at normal priority
 * took their share from the stream thread (README, "Background work at the lowest CPU priority").
 *
 * <p>RocksDB lowers its compaction pool itself ({@link Env#lowerThreadPoolCPUPriority}). Java
 * cannot set a thread's nice value, so the JVM's and confmon's threads are found by their kernel
 * names in {@code /proc/self/task} and lowered with {@code renice}, which lowering needs no
 * privilege for; a rescan every {@value #RESCAN_SECONDS} s finds compiler threads HotSpot starts
 * later. Without {@code /proc} or {@code renice} the threads keep their priority, said once.
 */
public final class BackgroundNice implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundNice.class);
    /** The default: the lowest priority Linux has. */
    public static final int DEFAULT_NICE = 19;
    static final long RESCAN_SECONDS = 30;
    /**
     * Kernel names (their first 15 characters) of the threads lowered: HotSpot's compiler threads
     * and code sweeper, the gauges' refresh, and this class's own rescan.
     */
    static final List<String> THREAD_PREFIXES = List.of("C1 CompilerThre", "C2 CompilerThre", "Sweeper thread", "confmon-metrics",
            "confmon-nice");

    private final int nice;
    private final ScheduledExecutorService rescan;
    private boolean warned;

    /** Lowers nothing until {@link #lowerNewThreads()} is called; {@link #start} also schedules it. */
    BackgroundNice(int nice) {
        this.nice = nice;
        rescan = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "confmon-nice");
            t.setDaemon(true);
            return t;
        });
    }

    /** Lowers the background work of this process to {@code nice} now and every {@value #RESCAN_SECONDS} s; 0 leaves every priority as it is. */
    public static BackgroundNice start(int nice) {
        BackgroundNice b = new BackgroundNice(nice);
        if (nice == 0) {
            b.rescan.shutdown();
            return b;
        }
        RocksDB.loadLibrary();
        // RocksDB's own CPU priorities: LOW is nice 19 (its compaction pool), set by each thread as it next runs.
        Env.getDefault().lowerThreadPoolCPUPriority(Priority.LOW);
        b.rescan.scheduleWithFixedDelay(b::lowerNewThreads, 0, RESCAN_SECONDS, TimeUnit.SECONDS);
        return b;
    }

    /**
     * Lowers the threads named as {@link #THREAD_PREFIXES} that run above the nice value (read from
     * {@code /proc}, so a thread id the kernel gives a new thread is judged afresh); returns how many.
     */
    synchronized int lowerNewThreads() {
        List<Long> due = new ArrayList<>();
        for (long tid : matchingThreads()) if (niceOf(tid).orElse(nice) < nice) due.add(tid);
        if (due.isEmpty()) return 0;
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        due.forEach(tid -> command.add(Long.toString(tid)));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                warnOnce("renice failed ({}): the JIT compiler's and the gauges' threads keep their CPU priority", output);
                return 0;
            }
        } catch (IOException e) {
            warnOnce("renice could not run ({}): the JIT compiler's and the gauges' threads keep their CPU priority", e.getMessage());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        log.debug("threads {} at nice {}", due, nice);
        return due.size();
    }

    private void warnOnce(String message, String detail) {
        if (warned) return;
        warned = true;
        log.info(message + " (cpu.background.nice; 0 turns this off)", detail);
    }

    /** This process's threads whose kernel name starts with one of {@link #THREAD_PREFIXES}. */
    static List<Long> matchingThreads() {
        List<Long> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (THREAD_PREFIXES.stream().anyMatch(name::startsWith)) tids.add(Long.parseLong(task.getFileName().toString()));
                } catch (NoSuchFileException ended) {
                    // The thread ended between the listing and the read.
                } catch (IOException e) {
                    // Unreadable: left as it is.
                }
            });
        } catch (IOException e) {
            // No /proc (not Linux): nothing to lower.
        }
        return tids;
    }

    /** The nice value of one of this process's threads, from {@code /proc}; empty if it is gone. */
    static OptionalInt niceOf(long tid) {
        try {
            return OptionalInt.of(ThreadStat.parse(Files.readString(Path.of("/proc/self/task", Long.toString(tid), "stat"))).nice());
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public void close() {
        rescan.shutdownNow();
    }
}
