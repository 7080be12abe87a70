package io.confmon.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * The contract's values read from Jackson's streaming parser, for live events ({@link EventDecoder})
 * and {@code confmon evaluate}'s JSON Lines rows alike, so both accept the same values and reject
 * the rest with the same words. Each method takes the token the parser stands on and leaves the
 * parser on the value's last token; none builds a tree.
 */
public final class JsonValues {
    private JsonValues() {}

    /**
     * A class as the contract writes it: a name (string), an index (integer, as a {@code Long}) or
     * an array of numbers ({@code double[]}: scores, one-hot or probabilities); null for JSON null.
     */
    public static Object classValue(JsonParser p, JsonToken t, String field) throws IOException {
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw Rejection.invalid(field + " class index " + p.getText() + " is too large");
                }
                return p.getLongValue();
            case START_ARRAY:
                return numbers(p, field);
            default:
                throw Rejection.invalid(field + " must be a class name (string), a class index (integer) or an array of scores, not "
                        + describe(p, t));
        }
    }

    /** A number (integer or not) as a double; null for JSON null. */
    public static Double number(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw Rejection.invalid(field + " must be a number, not " + describe(p, t));
        }
        return p.getDoubleValue();
    }

    /** A whole number that fits a long; null for JSON null. {@code what} says what it stands for, e.g. "epoch ms". */
    public static Long wholeNumber(JsonParser p, JsonToken t, String field, String what) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw Rejection.invalid(field + " must be an integer (" + what + "), not " + describe(p, t));
        }
        return p.getLongValue();
    }

    /** A string; null for JSON null. */
    public static String string(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.VALUE_STRING) throw Rejection.invalid(field + " must be a string, not " + describe(p, t));
        return p.getText();
    }

    /** The value a message quotes: its text, or "an array" / "an object" rather than a lone bracket. */
    public static String describe(JsonParser p, JsonToken t) throws IOException {
        return t.isStructStart() ? (t == JsonToken.START_ARRAY ? "an array" : "an object") : p.getText();
    }

    private static double[] numbers(JsonParser p, String field) throws IOException {
        double[] values = new double[8];
        int n = 0;
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                throw Rejection.invalid(field + " must hold only numbers, found " + describe(p, v));
            }
            if (n == values.length) values = Arrays.copyOf(values, n * 2);
            values[n++] = p.getDoubleValue();
        }
        return Arrays.copyOf(values, n);
    }
}
