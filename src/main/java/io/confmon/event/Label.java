package io.confmon.event;

/**
 * A decoded, valid label event.
 *
 * @param model       the model it applies to, or null for every model's prediction of the id
 * @param weightUnits the label's weight in units, or {@link #NO_WEIGHT} when it gave none (the prediction's counts)
 */
public record Label(String id, String model, long ts, LabelClass actual, long weightUnits) {
    public static final long NO_WEIGHT = -1;
}
