package io.confmon.topology;

/**
 * When a processor's periodic stream-time work is due, checked by the processor itself after each
 * record, on the times Kafka Streams' own stream-time punctuation would use: aligned to 0, due as
 * soon as there is data, then at the next multiple of the interval, skipping those stream time
 * jumped past. Not a punctuation, because every punctuation halves the records a stream thread
 * processes per loop before it checks its tasks again: a replay or a catch-up, where event time
 * runs hours a minute, punctuated dozens of times a second and lost throughput to it.
 */
final class StreamTimeSchedule {
    private final long intervalMs;
    private long next;

    StreamTimeSchedule(long intervalMs) {
        if (intervalMs < 1) throw new IllegalArgumentException("interval must be >= 1 ms, got " + intervalMs);
        this.intervalMs = intervalMs;
    }

    /** Whether the work is due at {@code streamTime}; if so, the next time is set past it. */
    boolean due(long streamTime) {
        if (streamTime < next) return false;
        next += ((streamTime - next) / intervalMs + 1) * intervalMs;
        return true;
    }
}
