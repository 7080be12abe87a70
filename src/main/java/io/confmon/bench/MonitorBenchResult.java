package io.confmon.bench;

import java.util.List;

/** What the monitor benchmark measures, per number of classes. */
final class MonitorBenchResult {
    private MonitorBenchResult() {}

    /** Records read in a time; {@code bytes} of keys and values where known (0 otherwise). */
    record Rate(long records, double seconds, long bytes) {
        double perSecond() {
            return records / seconds;
        }
    }

    /**
     * A confmon run from the earliest offsets until every pair was joined.
     *
     * @param startupSeconds from start to RUNNING (group join, internal topics, assignment)
     * @param processing     input records over the time from RUNNING to the last pair joined
     * @param cpu            CPU time by thread over that time
     */
    record MonitorRun(String guarantee, double startupSeconds, Rate processing, String cpu) {}

    /**
     * Latency from a label's producer ack to the API showing its pair, in ms, sorted.
     *
     * @param fellBehindAt the pair not served within 10 s, which ended the timing; -1 if every pair was served
     */
    record Latency(List<Double> sortedMs, int fellBehindAt) {
        Latency(List<Double> sortedMs) {
            this(sortedMs, -1);
        }

        boolean fellBehind() {
            return fellBehindAt >= 0;
        }

        /** p50, p99 and max of the pairs served, and whether the monitor fell behind. */
        String summary() {
            String served = sortedMs.isEmpty() ? "no pair served"
                    : String.format(java.util.Locale.ROOT, "p50 %.0f ms, p99 %.0f ms, max %.0f ms", percentile(50), percentile(99), percentile(100));
            return fellBehind() ? "FELL BEHIND: pair " + (fellBehindAt + 1) + " not served within 10 s (before it: " + served + ")" : served;
        }

        double percentile(double p) {
            int i = (int) Math.ceil(p / 100.0 * sortedMs.size()) - 1;
            return sortedMs.get(Math.max(0, Math.min(sortedMs.size() - 1, i)));
        }
    }

    /**
     * What a pending prediction costs in the join's stores.
     *
     * @param entryBytes  serialized key + value of its {@code join-entries} entry, on average
     * @param expiryBytes serialized key + value of its {@code join-expiry} entry, on average
     * @param sstBytes    RocksDB SST files of both stores after a clean close, per pending prediction (-1 if not measured)
     */
    record PendingState(long pending, double entryBytes, double expiryBytes, double sstBytes) {
        double serialized() {
            return entryBytes + expiryBytes;
        }
    }

    /** Latency measured while a background producer sends {@code backgroundPerSecond} records a second. */
    record LoadedLatency(Latency latency, double backgroundPerSecond) {}

    record PerClasses(int classes, long records, double produceSeconds, Rate bare, MonitorRun eos, MonitorRun alos,
                      Latency latency, PendingState pending, String profile, LoadedLatency loaded) {}
}
