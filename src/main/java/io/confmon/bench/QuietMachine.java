package io.confmon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits, before a contender starts, until this machine's CPUs are nearly idle: the broker compacts
 * and deletes the changelogs of the contender before in the background, and without the wait that
 * work fell on whichever contender came next. Read from /proc/stat (Linux); elsewhere it does not wait.
 */
final class QuietMachine {
    private static final Path STAT = Path.of("/proc/stat");
    /** Busy share of all CPUs over one second below which the machine counts as quiet. */
    static final double QUIET = 0.10;

    private QuietMachine() {}

    /** @return the seconds waited, or -1 when the machine stayed busier than {@link #QUIET} for {@code max} */
    static double await(Duration max) throws InterruptedException {
        long start = System.nanoTime();
        long[] before = sample();
        if (before == null) return 0;
        while (System.nanoTime() - start < max.toNanos()) {
            Thread.sleep(1_000);
            long[] now = sample();
            if (now == null) return 0;
            long busy = now[0] - before[0];
            long total = now[1] - before[1];
            if (total > 0 && busy / (double) total < QUIET) return (System.nanoTime() - start) / 1e9;
            before = now;
        }
        return -1;
    }

    /** {busy, total} jiffies over all CPUs since boot; null when not to be had. */
    private static long[] sample() {
        try {
            String[] f = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
