package io.confmon.event;

import java.util.Map;

/**
 * A decoded, valid prediction event: its class already named, its weight in units.
 *
 * @param slice    only the configured slice keys; empty when none
 * @param expected the prediction's probability per class (class i of the model's list, or class
 *                 "i" without one) when its scores are a full probability vector; else null
 */
public record Prediction(String id, String model, long ts, String predicted, long weightUnits, Map<String, String> slice,
                         Probabilities expected) {
    public Prediction(String id, String model, long ts, String predicted, long weightUnits, Map<String, String> slice) {
        this(id, model, ts, predicted, weightUnits, slice, null);
    }
}
