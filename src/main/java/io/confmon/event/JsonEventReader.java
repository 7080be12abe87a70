package io.confmon.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the contract's fields of a JSON event with Jackson's streaming parser, checking each
 * value's type as it goes and skipping every other field: no tree is built per record, which on
 * the monitor's hot path cost as much as the rest of decoding.
 */
final class JsonEventReader {
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    /** The fields of one event as read; null where absent (or JSON null). */
    static final class Fields {
        String id;
        String model;
        Long ts;
        Object predicted;
        Object scores;
        Object actual;
        Double weight;
        Map<String, String> slice = Map.of();
    }

    private JsonEventReader() {}

    static Fields read(byte[] value, Set<String> sliceKeys) {
        if (value == null || value.length == 0) throw new Rejection(RejectReason.MALFORMED, "empty record value");
        Fields f = new Fields();
        try (JsonParser p = FACTORY.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new Rejection(RejectReason.MALFORMED, "the value must be a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> f.id = text(p, t, "id");
                    case "model" -> f.model = text(p, t, "model");
                    case "ts" -> f.ts = ts(p, t);
                    case "predicted" -> f.predicted = classValue(p, t, "predicted");
                    case "scores" -> f.scores = classValue(p, t, "scores");
                    case "actual" -> f.actual = classValue(p, t, "actual");
                    case "weight" -> f.weight = weight(p, t);
                    case "slice" -> f.slice = slice(p, t, sliceKeys);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new Rejection(RejectReason.MALFORMED, "the value must be one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.MALFORMED, "neither JSON nor Avro single-object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rejection(RejectReason.MALFORMED, "unreadable record: " + e.getMessage());
        }
        return f;
    }

    private static String text(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.VALUE_STRING) throw Rejection.invalid(field + " must be a string, not " + describe(p, t));
        return p.getText();
    }

    private static Long ts(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw Rejection.invalid("ts must be an integer (epoch ms), not " + describe(p, t));
        }
        return p.getLongValue();
    }

    private static Double weight(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw Rejection.invalid("weight must be a number, not " + describe(p, t));
        }
        return p.getDoubleValue();
    }

    private static Object classValue(JsonParser p, JsonToken t, String field) throws IOException {
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) throw Rejection.invalid(field + " class index " + p.getText() + " is too large");
                return p.getLongValue();
            case START_ARRAY: {
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
            default:
                throw Rejection.invalid(field + " must be a class name (string), a class index (integer) or an array of scores, not "
                        + describe(p, t));
        }
    }

    private static Map<String, String> slice(JsonParser p, JsonToken t, Set<String> keep) throws IOException {
        if (t == JsonToken.VALUE_NULL) return Map.of();
        if (t != JsonToken.START_OBJECT) throw Rejection.invalid("slice must be an object of strings");
        Map<String, String> kept = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (!keep.contains(key)) {
                p.skipChildren();
                continue;
            }
            if (!v.isScalarValue() || v == JsonToken.VALUE_NULL) throw Rejection.invalid("slice." + key + " must be a string");
            if (kept == null) kept = new TreeMap<>();
            kept.put(key, p.getText());
        }
        return kept == null ? Map.of() : Collections.unmodifiableMap(kept);
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return t.isStructStart() ? (t == JsonToken.START_ARRAY ? "an array" : "an object") : p.getText();
    }
}
