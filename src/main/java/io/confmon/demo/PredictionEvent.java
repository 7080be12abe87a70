package io.confmon.demo;

/**
 * A prediction event as written to the predictions topic. Null fields are left out of the JSON.
 *
 * @param predicted the class name, or null when only {@code scores} name the class (by argmax)
 * @param scores    one probability per class, or null
 * @param weight    the sample weight, or null for the default 1
 */
public record PredictionEvent(String id, String model, Long ts, String predicted, double[] scores, Double weight)
        implements DemoEvent {

    public static PredictionEvent named(String id, String model, long ts, String predicted) {
        return new PredictionEvent(id, model, ts, predicted, null, null);
    }

    public PredictionEvent withWeight(Double weight) {
        return new PredictionEvent(id, model, ts, predicted, scores, weight);
    }
}
