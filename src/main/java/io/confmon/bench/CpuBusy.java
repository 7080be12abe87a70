package io.confmon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How busy each CPU of the machine was between two marks, from the kernel's counters in
 * {@code /proc/stat} (Linux): every process counts, not only this JVM and its children.
 */
final class CpuBusy {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Jiffies per CPU number: busy (user, nice, system, irq, softirq, steal) and all (busy plus idle and iowait). */
    record Mark(Map<Integer, long[]> jiffies) {
        /** Each CPU's busy share of the time since {@code earlier}, 0 to 1. */
        Map<Integer, Double> since(Mark earlier) {
            Map<Integer, Double> busy = new TreeMap<>();
            jiffies.forEach((cpu, now) -> {
                long[] then = earlier.jiffies().get(cpu);
                if (then == null) return;
                long all = now[1] - then[1];
                busy.put(cpu, all <= 0 ? 0.0 : (now[0] - then[0]) / (double) all);
            });
            return busy;
        }
    }

    private CpuBusy() {}

    static Mark now() throws IOException {
        return parse(Files.readAllLines(PROC_STAT));
    }

    /** The per-CPU lines of {@code /proc/stat}: {@code cpuN user nice system idle iowait irq softirq steal ...}. */
    static Mark parse(List<String> lines) {
        Map<Integer, long[]> jiffies = new TreeMap<>();
        for (String line : lines) {
            if (!line.startsWith("cpu") || line.startsWith("cpu ")) continue;
            String[] f = line.trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7])
                    + (f.length > 8 ? Long.parseLong(f[8]) : 0);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            jiffies.put(Integer.parseInt(f[0].substring(3)), new long[] {busy, busy + idle});
        }
        return new Mark(jiffies);
    }
}
