package io.confmon.event;

import java.util.Map;

/**
 * A decoded, valid prediction event: its class already named, its weight in units.
 *
 * @param slice only the configured slice keys; empty when none
 */
public record Prediction(String id, String model, long ts, String predicted, long weightUnits, Map<String, String> slice) {}
