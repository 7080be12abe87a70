package io.confmon.http;

import java.util.List;

/** Whether the monitor is processing (200 on /readyz) or starting / restoring (503), and whether it is alive at all. */
public interface Readiness {
    boolean ready();

    boolean alive();

    /** A word for the answer body: RUNNING, RESTORING, REBALANCING, ... */
    String state();

    /** The store partitions being restored from their changelogs now, with their progress. */
    default List<Restore> restoring() {
        return List.of();
    }

    /** One store partition on its way back: {@code restored} of {@code total} changelog records so far. */
    record Restore(String store, String changelog, int partition, long restored, long total) {}
}
