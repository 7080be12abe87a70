package io.confmon.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Where a contender's process stands at one moment, by the JVM's own accounting: the CPU of all
 * its threads, the time its JIT compilers have spent, the CPU of its Kafka Streams stream threads,
 * and the CPU of the benchmark's own thread that watches the contender's count (not the
 * contender's work: the bare join's watcher iterated its count stores every 10 ms, 5.5 CPU-s in a
 * 26 s run, against confmon's 1.4). Two marks tell how much of a run's CPU was the work itself
 * (the stream threads) and how much was the JIT compiling it: on 2 cores, a fresh JVM's C2
 * compiler takes several seconds of CPU in the first seconds of a run, beside the stream thread.
 */
record CpuMark(long processNanos, long jitMillis, long streamThreadNanos, long watcherNanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    /** @param watcher the benchmark's thread that polls the contender until it is done */
    static CpuMark now(Thread watcher) {
        long stream = 0;
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            // A stream thread's name ends in StreamThread-N; its producer's I/O thread names it too.
            if (info != null && cpu > 0 && "StreamThread".equals(MonitorBenchProfile.threadGroup(info.getThreadName()))) stream += cpu;
        }
        long jit = JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
        long watching = Math.max(0, THREADS.getThreadCpuTime(watcher.getId()));
        return new CpuMark(MonitorBenchChild.processCpuNanos(), jit, stream, watching);
    }

    /** What was used from {@code start} to this mark; -1 for JIT time where the JVM does not measure it. */
    Used since(CpuMark start) {
        double watching = (watcherNanos - start.watcherNanos) / 1e9;
        return new Used((processNanos - start.processNanos) / 1e9 - watching,
                jitMillis < 0 || start.jitMillis < 0 ? -1 : (jitMillis - start.jitMillis) / 1e3,
                (streamThreadNanos - start.streamThreadNanos) / 1e9, watching);
    }

    /**
     * @param contenderSeconds    CPU of every thread of the process but the watcher
     * @param jitSeconds          time the JIT compilers spent (the JVM's total compilation time)
     * @param streamThreadSeconds CPU of the stream threads (a stream thread that ended before the mark is not in it)
     * @param watcherSeconds      CPU of the benchmark's watching thread, left out of {@code contenderSeconds}
     */
    record Used(double contenderSeconds, double jitSeconds, double streamThreadSeconds, double watcherSeconds) {}
}
