package io.confmon.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time per thread over a phase, from the JVM's own accounting (exact where JFR's samples are
 * not: JFR samples one thread in native code per period, and RocksDB runs in native code).
 */
final class MonitorBenchCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> startCpu = new HashMap<>();
    private final long startNanos = System.nanoTime();

    private MonitorBenchCpu() {
        for (long id : THREADS.getAllThreadIds()) startCpu.put(id, THREADS.getThreadCpuTime(id));
    }

    static MonitorBenchCpu start() {
        return new MonitorBenchCpu();
    }

    /** "stream thread 9.1 s (72% of 12.6 s), ..." : CPU seconds by thread group since the start, the largest first. */
    String summary() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Long> byGroup = new HashMap<>();
        long total = 0;
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info == null || cpu < 0) continue;
            long used = cpu - startCpu.getOrDefault(id, 0L);
            total += used;
            byGroup.merge(MonitorBenchProfile.threadGroup(info.getThreadName()), used, Long::sum);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(5)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "CPU over %.1f s: %.1f s in Java threads (of %d cores x %.1f s);",
                wall, total / 1e9, Runtime.getRuntime().availableProcessors(), wall));
        sorted.forEach((group, ns) -> out.append(String.format(Locale.ROOT, " %s %.1f s (%.0f%%),", group, ns / 1e9, 100 * ns / 1e9 / wall)));
        out.setLength(out.length() - 1);
        return out.toString();
    }
}
