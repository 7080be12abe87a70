package io.confmon.bench;

import java.util.Map;

/**
 * What a contender process reports on its standard output (one line, {@code RESULT} then this as
 * JSON): the input records it read, its startup (to ready) and its processing time (ready to the
 * last record read or pair counted), the CPU its process used over that time (-1 where not measured),
 * and for a join the cells it counted once done.
 */
record ContenderResult(long records, double startupSeconds, double seconds, double cpuSeconds, Map<String, Map<String, Long>> cells,
                       String note) {
    static final String LINE_PREFIX = "RESULT ";

    double perSecond() {
        return records / seconds;
    }

    /** Records per second of CPU the contender's process used over the same time (its threads only, not the broker's): apart from the load of the machine. */
    double perCpuSecond() {
        return records / cpuSeconds;
    }
}
