package io.confmon.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The class named by one top-level field of a prediction or label ({@code "predicted"} or
 * {@code "actual"}), read with Jackson's streaming parser. Both join contenders decode with it, so
 * that their comparison measures the Streams topologies, not two JSON readers.
 */
final class ClassField {
    static final String PREDICTED = "predicted";
    static final String ACTUAL = "actual";
    private static final JsonFactory JSON = new JsonFactory();

    private ClassField() {}

    static String read(byte[] json, String field) {
        try (JsonParser p = JSON.createParser(json)) {
            return read(p, field);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object with a \"" + field + "\" field", e);
        }
    }

    static String read(String json, String field) {
        try (JsonParser p = JSON.createParser(json)) {
            return read(p, field);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object with a \"" + field + "\" field", e);
        }
    }

    private static String read(JsonParser p, String field) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            boolean wanted = field.equals(p.currentName());
            JsonToken value = p.nextToken();
            if (wanted && value.isScalarValue()) return p.getText();
            p.skipChildren();
        }
        throw new IllegalArgumentException("no \"" + field + "\" field (stopped at " + t + ")");
    }
}
