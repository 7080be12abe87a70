package io.confmon.http;

/** Whether the monitor is processing (200 on /readyz) or starting / restoring (503), and whether it is alive at all. */
public interface Readiness {
    boolean ready();

    boolean alive();

    /** A word for the answer body: RUNNING, RESTORING, REBALANCING, ... */
    String state();
}
