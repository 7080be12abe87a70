package io.confmon.bench;

/**
 * The highest input rate a live monitor keeps up with, the load produced while it runs: the
 * sustainable throughput of stream-processing benchmarks (Karimov et al., "Benchmarking Distributed
 * Stream Data Processing Systems", ICDE 2018: the highest load handled without prolonged
 * backpressure). The catch-up rate, read from topics filled beforehand, is where the search starts:
 * producing the load live costs the shared machine more, while a live monitor reads smaller batches
 * of fresher data, so either may be the higher.
 */
final class SustainedRate {
    /** How long each probe sends its load. */
    static final long PROBE_SECONDS = 10;
    /** A probe keeps up when its last pair is served this soon after its last record is acknowledged. */
    static final long KEEP_UP_MS = 1_000;
    /** Halvings of the interval between the highest rate kept up with and the lowest missed. */
    static final int HALVINGS = 4;
    /** Doublings above a start that is kept up with, at most. */
    static final int MAX_DOUBLINGS = 3;

    /** Whether the monitor keeps up with {@code recordsPerSecond} (the {@code n}-th probe of a search). */
    @FunctionalInterface
    interface Probe {
        boolean keepsUp(double recordsPerSecond, int n) throws Exception;
    }

    private SustainedRate() {}

    /**
     * From {@code start}: doubles while kept up with (at most {@link #MAX_DOUBLINGS} times, and then
     * that highest rate is the answer), then bisects between the highest rate kept up with (0 if
     * none) and the lowest missed {@code halvings} times. Returns the highest rate kept up with.
     */
    static double search(double start, int halvings, Probe probe) throws Exception {
        int n = 0;
        double kept = 0;
        double missed = start;
        for (int doublings = 0; doublings <= MAX_DOUBLINGS; doublings++) {
            double rate = start * (1 << doublings);
            if (!probe.keepsUp(rate, n++)) {
                missed = rate;
                break;
            }
            kept = rate;
            if (doublings == MAX_DOUBLINGS) return kept;
        }
        for (int i = 0; i < halvings; i++) {
            double rate = (kept + missed) / 2;
            if (probe.keepsUp(rate, n++)) kept = rate;
            else missed = rate;
        }
        return kept;
    }
}
