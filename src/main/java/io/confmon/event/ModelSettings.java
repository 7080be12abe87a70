package io.confmon.event;

import java.util.Map;
import java.util.Set;

/**
 * What decoding needs to know of the configured models: each one's class list (or none: classes
 * are learned) and binary threshold, and which slice keys are kept.
 */
public record ModelSettings(Map<String, ClassSpace> classes, Map<String, Double> thresholds, Set<String> sliceKeys,
                            double defaultThreshold) {
    public static final ModelSettings OPEN = new ModelSettings(Map.of(), Map.of(), Set.of(), 0.5);

    public ClassSpace space(String model) {
        return classes.getOrDefault(model, ClassSpace.open());
    }

    public double threshold(String model) {
        return thresholds.getOrDefault(model, defaultThreshold);
    }
}
