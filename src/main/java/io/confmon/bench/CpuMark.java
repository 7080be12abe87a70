package io.confmon.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Where a contender's process stands at one moment, by the JVM's own accounting: the CPU of all
 * its threads, the time its JIT compilers have spent, and the CPU of its Kafka Streams stream
 * threads. Two marks tell how much of a run's CPU was the work itself (the stream threads) and how
 * much was the JIT compiling it: on 2 cores, a fresh JVM's C2 compiler takes several seconds of CPU
 * in the first seconds of a run, beside the stream thread.
 */
record CpuMark(long processNanos, long jitMillis, long streamThreadNanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    static CpuMark now() {
        long stream = 0;
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            // A stream thread's name ends in StreamThread-N; its producer's I/O thread names it too.
            if (info != null && cpu > 0 && "StreamThread".equals(MonitorBenchProfile.threadGroup(info.getThreadName()))) stream += cpu;
        }
        long jit = JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
        return new CpuMark(MonitorBenchChild.processCpuNanos(), jit, stream);
    }

    /** What was used from {@code start} to this mark; -1 for JIT time where the JVM does not measure it. */
    Used since(CpuMark start) {
        return new Used((processNanos - start.processNanos) / 1e9,
                jitMillis < 0 || start.jitMillis < 0 ? -1 : (jitMillis - start.jitMillis) / 1e3,
                (streamThreadNanos - start.streamThreadNanos) / 1e9);
    }

    /**
     * @param processSeconds      CPU of every thread of the process
     * @param jitSeconds          time the JIT compilers spent (the JVM's total compilation time)
     * @param streamThreadSeconds CPU of the stream threads (a stream thread that ended before the mark is not in it)
     */
    record Used(double processSeconds, double jitSeconds, double streamThreadSeconds) {}
}
