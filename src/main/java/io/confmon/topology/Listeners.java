package io.confmon.topology;

/**
 * Hooks for informative metrics (label delays, dead letters by topic and reason). Not exactly
 * once: after a crash a reprocessed record is told again; the counts that must be exact live in state.
 */
public interface Listeners {
    Listeners NONE = new Listeners() {};

    default void labelJoined(String model, long delayMs) {}

    default void deadLetter(String topic, String reason) {}
}
