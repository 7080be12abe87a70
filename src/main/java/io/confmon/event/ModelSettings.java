package io.confmon.event;

import java.util.Map;
import java.util.Set;

/**
 * What decoding needs to know of the configured models: each one's class list (or none: classes
 * are learned) and binary threshold, which slice keys are kept, and up to how many classes a
 * prediction's probabilities are kept for the expected matrix.
 */
public record ModelSettings(Map<String, ClassSpace> classes, Map<String, Double> thresholds, Set<String> sliceKeys,
                            double defaultThreshold, int expectedMaxClasses) {
    /** Each pending prediction keeps its probabilities: about 2 B a class, 260 B a prediction at 100 classes. */
    public static final int DEFAULT_EXPECTED_MAX_CLASSES = 100;
    public static final ModelSettings OPEN = new ModelSettings(Map.of(), Map.of(), Set.of(), 0.5);

    public ModelSettings(Map<String, ClassSpace> classes, Map<String, Double> thresholds, Set<String> sliceKeys, double defaultThreshold) {
        this(classes, thresholds, sliceKeys, defaultThreshold, DEFAULT_EXPECTED_MAX_CLASSES);
    }

    public ClassSpace space(String model) {
        return classes.getOrDefault(model, ClassSpace.open());
    }

    public double threshold(String model) {
        return thresholds.getOrDefault(model, defaultThreshold);
    }
}
