package io.confmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latency trace: every pair as timed, and the CPU of a process's threads by group, read from /proc. */
class LatencyTraceTest {
    @Test
    void aThreadsCpuIsCountedUnderItsGroupFromProc() throws Exception {
        long pid = ProcessHandle.current().pid();
        Map<String, Long> before = LatencyTrace.threadTicks(pid);
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread spin = new Thread(() -> {
            spin(400_000_000L);
            spun.countDown();
            // Alive until read: /proc lists only living threads.
            awaitQuietly(read);
        }, "trace-spin-7");
        spin.start();
        spun.await();
        Map<String, Long> groups = LatencyTrace.since(before, LatencyTrace.threadTicks(pid));
        read.countDown();
        spin.join();

        assertThat(groups.get("trace-spin")).as("ticks of a thread that spun 400 ms, counted from its start")
                .isBetween(20L, 60L);
        assertThat(LatencyTrace.threadTicks(Long.MAX_VALUE)).as("a process that is gone").isEmpty();
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) x += System.nanoTime() & 1;
        if (x == 42) System.out.print("");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void threadsOfOnePoolAddUpAndTheCompilersStayApart() {
        assertThat(LatencyTrace.group("pool-2-thread-13")).isEqualTo("pool-2-thread");
        assertThat(LatencyTrace.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        assertThat(LatencyTrace.group("C1 CompilerThre")).isEqualTo("C1 CompilerThre");
        assertThat(LatencyTrace.group("rocksdb:low")).isEqualTo("rocksdb:low");
        assertThat(LatencyTrace.group("a,b")).as("a comma would split the CSV column").isEqualTo("a b");
    }

    @Test
    void writesEveryPairAndTheMonitorsCpuEachSecond(@TempDir Path dir) throws Exception {
        try (LatencyTrace trace = LatencyTrace.start(dir, 100, ProcessHandle.current().pid())) {
            trace.pair("idle", 0, 1_700_000_000_123L, 56.74, 2, 3.04);
            trace.pair("load", 399, 1_700_000_100_000L, 250.0, 31, 12.5);
            // Busy through a reading: a second in which no thread used the CPU writes no line.
            spin((LatencyTrace.SAMPLE_MS + 500) * 1_000_000L);
        }

        assertThat(Files.readAllLines(dir.resolve("pairs-k100.csv"))).containsExactly(
                "phase,pair,label_acked_utc_ms,latency_ms,asks,slowest_ask_ms", "idle,1,1700000000123,56.7,2,3.0",
                "load,400,1700000100000,250.0,31,12.5");
        List<String> cpu = Files.readAllLines(dir.resolve("monitor-cpu-k100.csv"));
        assertThat(cpu.get(0)).isEqualTo("utc_ms,thread,cpu_share");
        assertThat(cpu.subList(1, cpu.size())).as("a second's readings of this JVM's threads").isNotEmpty()
                .allMatch(line -> line.matches("\\d{13},[^,]+,\\d+\\.\\d\\d"));
    }
}
