package io.confmon.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.confmon.json.Json;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the contract's fields of a JSON event with Jackson's streaming parser, checking each
 * value's type as it goes ({@link JsonValues}, shared with {@code confmon evaluate}) and skipping
 * every other field: no tree is built per record, which on the monitor's hot path cost as much as
 * the rest of decoding.
 */
final class JsonEventReader {
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
        try (JsonParser p = Json.PARSERS.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new Rejection(RejectReason.MALFORMED, "the value must be a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> f.id = JsonValues.string(p, t, "id");
                    case "model" -> f.model = JsonValues.string(p, t, "model");
                    case "ts" -> f.ts = JsonValues.wholeNumber(p, t, "ts", "epoch ms");
                    case "predicted" -> f.predicted = JsonValues.classValue(p, t, "predicted");
                    case "scores" -> f.scores = JsonValues.classValue(p, t, "scores");
                    case "actual" -> f.actual = JsonValues.classValue(p, t, "actual");
                    case "weight" -> f.weight = JsonValues.number(p, t, "weight");
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
}
