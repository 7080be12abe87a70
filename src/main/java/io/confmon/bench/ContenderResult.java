package io.confmon.bench;

import java.util.Map;

/**
 * What a contender process reports on its standard output (one line, {@code RESULT} then this as
 * JSON): the input records it read, its startup (to ready) and its processing time (ready to the
 * last record read or pair counted), the CPU its process used over that time (-1 where not measured;
 * for a join, without the benchmark's thread that watches its count, whose CPU is
 * {@code watcherSeconds}), of which the JIT compilers' time and the stream threads' CPU (-1 where not
 * measured), for a join the cells it counted once done, and the warm-up pass the JVM ran first
 * (null for none).
 */
record ContenderResult(long records, double startupSeconds, double seconds, double cpuSeconds, Map<String, Map<String, Long>> cells,
                       String note, double jitSeconds, double streamThreadSeconds, double watcherSeconds, ContenderResult warmUp) {
    static final String LINE_PREFIX = "RESULT ";

    /** A result without the JIT and stream-thread split, and no warm-up (the bare consumer, kcat). */
    static ContenderResult withoutSplit(long records, double startupSeconds, double seconds, double cpuSeconds, String note) {
        return new ContenderResult(records, startupSeconds, seconds, cpuSeconds, null, note, -1, -1, -1, null);
    }

    ContenderResult withWarmUp(ContenderResult warmUp) {
        return new ContenderResult(records, startupSeconds, seconds, cpuSeconds, cells, note, jitSeconds, streamThreadSeconds, watcherSeconds,
                warmUp);
    }

    /** The same result with {@code more} after its note. */
    ContenderResult withNote(String more) {
        return new ContenderResult(records, startupSeconds, seconds, cpuSeconds, cells, note.isEmpty() ? more : note + "; " + more, jitSeconds,
                streamThreadSeconds, watcherSeconds, warmUp);
    }

    double perSecond() {
        return records / seconds;
    }

    /** Records per second of CPU the contender's process used over the same time (its threads only, not the broker's): apart from the load of the machine. */
    double perCpuSecond() {
        return records / cpuSeconds;
    }
}
