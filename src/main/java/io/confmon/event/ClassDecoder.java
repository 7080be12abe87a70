package io.confmon.event;

import io.confmon.matrix.Weights;

/**
 * Turns an {@code actual}, {@code predicted} or {@code scores} value into a class name, exactly as
 * the contract says, in the one place that {@code evaluate} and the live monitor share. A value is
 * a {@code String} (class name), a {@code Long} (class index) or a {@code double[]} (one-hot or
 * probability array: argmax, ties to the lowest index as numpy; a single probability against the
 * threshold, {@code > threshold} giving class 1, as Keras does).
 */
public final class ClassDecoder {
    private ClassDecoder() {}

    /** The class a value names; {@code field} names the value in error messages. */
    public static String decode(Object value, ClassSpace space, double threshold, String field) {
        if (value instanceof String name) return space.byName(name, field);
        if (value instanceof Long index) return space.byIndex(index, field);
        if (value instanceof double[] scores) return space.byIndex(argmax(scores, space, threshold, field), field);
        if (value == null) throw Rejection.invalid(field + " is missing");
        throw Rejection.invalid(field + " must be a class name, a class index or an array of scores, not " + value);
    }

    /** The predicted class of a prediction: {@code predicted} wins over {@code scores} when both are there. */
    public static String decodePrediction(Object predicted, Object scores, ClassSpace space, double threshold,
                                          String predictedField, String scoresField) {
        if (predicted != null) return decode(predicted, space, threshold, predictedField);
        if (scores == null) throw Rejection.invalid("a prediction needs '" + predictedField + "' or '" + scoresField + "'");
        if (!(scores instanceof double[])) throw Rejection.invalid(scoresField + " must be an array of numbers");
        return decode(scores, space, threshold, scoresField);
    }

    static long argmax(double[] scores, ClassSpace space, double threshold, String field) {
        if (scores.length == 0) throw Rejection.invalid(field + " is an empty array");
        for (double s : scores) {
            if (Double.isNaN(s)) throw Rejection.invalid(field + " holds a NaN score");
        }
        space.checkScoresLength(scores.length, field);
        if (scores.length == 1) return scores[0] > threshold ? 1 : 0;
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) best = i;
        }
        return best;
    }

    /** A sample weight in {@link io.confmon.matrix.Weights} units; null means the default 1. */
    public static long weightUnits(Object value, String field) {
        if (value == null) return Weights.ONE;
        double w;
        if (value instanceof Double d) w = d;
        else if (value instanceof Long l) w = l;
        else throw Rejection.invalid(field + " must be a number, not " + describe(value));
        if (!Weights.isValid(w)) {
            throw Rejection.invalid(field + " must be a finite number >= 0 (and at most 1e9), got " + w);
        }
        return Weights.toUnits(w);
    }

    private static String describe(Object value) {
        return value instanceof double[] ? "an array" : "'" + value + "'";
    }
}
