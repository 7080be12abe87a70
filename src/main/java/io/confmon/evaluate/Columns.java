package io.confmon.evaluate;

/**
 * The names of the fields (JSON Lines) or header columns (CSV) that hold each value of a row.
 *
 * @param weightRequired whether the user named the weight column, so that a row without it is an error
 */
public record Columns(String actual, String predicted, String scores, String weight, boolean weightRequired) {
    public static final Columns DEFAULT = new Columns("actual", "predicted", "scores", "weight", false);
}
