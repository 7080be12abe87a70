package io.confmon.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * What the traffic simulator sends and how fast.
 *
 * @param eventsPerSecond requests per second (each gives one prediction per model)
 * @param models          the first is the production model; any others predict in shadow for the same ids
 * @param idPrefix        prefixed to the request number: make it unique per run, so a second run
 *                        into the same topics does not reuse ids
 * @param keepLog         keep every acknowledged record in memory for a test's oracle
 */
public record SimulatorSettings(String predictionsTopic, String labelsTopic, double eventsPerSecond,
                                List<SimulatedModel> models, LabelDelay labelDelay, TrafficMix mix, long seed,
                                String idPrefix, boolean keepLog) {
    public SimulatorSettings {
        if (!(eventsPerSecond > 0 && Double.isFinite(eventsPerSecond))) {
            throw new IllegalArgumentException("events per second must be positive, got " + eventsPerSecond);
        }
        if (models.isEmpty()) throw new IllegalArgumentException("the simulator needs at least one model");
        models = List.copyOf(models);
    }

    /** The contract's default topics, 50 requests/s, the model {@code fashion}, demo label delays and a realistic mix. */
    public static SimulatorSettings defaults() {
        String runTag = Long.toString(System.currentTimeMillis() % 1_679_616, 36); // 4 base-36 digits
        return new SimulatorSettings("predictions", "labels", 50, List.of(SimulatedModel.primary()),
                LabelDelay.demo(), TrafficMix.realistic(), System.nanoTime(), "req-" + runTag + "-", false);
    }

    public SimulatorSettings withTopics(String predictions, String labels) {
        return new SimulatorSettings(predictions, labels, eventsPerSecond, models, labelDelay, mix, seed, idPrefix, keepLog);
    }

    public SimulatorSettings withRate(double perSecond) {
        return new SimulatorSettings(predictionsTopic, labelsTopic, perSecond, models, labelDelay, mix, seed, idPrefix, keepLog);
    }

    public SimulatorSettings withModels(List<SimulatedModel> models) {
        return new SimulatorSettings(predictionsTopic, labelsTopic, eventsPerSecond, models, labelDelay, mix, seed, idPrefix, keepLog);
    }

    /** Adds the shadow model {@code fashion-canary}, predicting for the same requests. */
    public SimulatorSettings withCanary() {
        List<SimulatedModel> more = new ArrayList<>(models);
        more.add(SimulatedModel.canary());
        return withModels(more);
    }

    /** Replaces the production model's classifier (to add drift), keeping its name. */
    public SimulatorSettings withPrimaryClassifier(FashionClassifier classifier) {
        List<SimulatedModel> changed = new ArrayList<>(models);
        changed.set(0, new SimulatedModel(models.get(0).name(), classifier));
        return withModels(changed);
    }

    public SimulatorSettings withLabelDelay(LabelDelay delay) {
        return new SimulatorSettings(predictionsTopic, labelsTopic, eventsPerSecond, models, delay, mix, seed, idPrefix, keepLog);
    }

    public SimulatorSettings withMix(TrafficMix mix) {
        return new SimulatorSettings(predictionsTopic, labelsTopic, eventsPerSecond, models, labelDelay, mix, seed, idPrefix, keepLog);
    }

    public SimulatorSettings withSeed(long seed) {
        return new SimulatorSettings(predictionsTopic, labelsTopic, eventsPerSecond, models, labelDelay, mix, seed, idPrefix, keepLog);
    }

    public SimulatorSettings withIdPrefix(String prefix) {
        return new SimulatorSettings(predictionsTopic, labelsTopic, eventsPerSecond, models, labelDelay, mix, seed, prefix, keepLog);
    }

    public SimulatorSettings withLog(boolean keep) {
        return new SimulatorSettings(predictionsTopic, labelsTopic, eventsPerSecond, models, labelDelay, mix, seed, idPrefix, keep);
    }

    public String primaryModel() {
        return models.get(0).name();
    }
}
