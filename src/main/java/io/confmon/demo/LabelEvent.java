package io.confmon.demo;

/**
 * A label event as written to the labels topic. Null fields are left out of the JSON.
 *
 * @param model       the model it applies to, or null for every model's prediction of the id
 * @param actual      the class name, or null when the label gives {@code actualIndex}
 * @param actualIndex the class index in the model's class list, or null when the label gives {@code actual}
 * @param weight      the sample weight, or null to keep the prediction's
 */
public record LabelEvent(String id, String model, Long ts, String actual, Integer actualIndex, Double weight)
        implements DemoEvent {

    public LabelEvent {
        if ((actual == null) == (actualIndex == null)) {
            throw new IllegalArgumentException("a label gives its class by name or by index, exactly one of them");
        }
    }

    public static LabelEvent named(String id, String model, long ts, String actual) {
        return new LabelEvent(id, model, ts, actual, null, null);
    }

    public static LabelEvent indexed(String id, String model, long ts, int actualIndex) {
        return new LabelEvent(id, model, ts, null, actualIndex, null);
    }

    public LabelEvent withWeight(Double weight) {
        return new LabelEvent(id, model, ts, actual, actualIndex, weight);
    }
}
