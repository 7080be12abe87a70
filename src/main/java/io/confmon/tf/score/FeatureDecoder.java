package io.confmon.tf.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.event.EventDecoder;
import io.confmon.event.RejectReason;
import io.confmon.event.Rejection;
import io.confmon.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.message.MissingSchemaException;

/**
 * Decodes the contract's feature events: JSON (a UTF-8 object) or Avro single-object encoding
 * ({@code schemas/FeatureEvent.avsc}), detected per record, with the same limits as prediction
 * events (id, model, ts). Anything that breaks them is a {@link Rejection} with its reason code.
 */
final class FeatureDecoder {
    static {
        // As io.confmon.event.AvroTrust: Avro instantiates generated classes only from listed packages.
        String p = System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES");
        if (p == null || p.isBlank()) System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "java.lang,java.util,java.math,io.confmon.avro");
        else if (!p.contains("io.confmon")) System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", p + ",io.confmon.avro");
    }

    private FeatureDecoder() {}

    static FeatureEvent decode(byte[] key, byte[] value, long recordTs) {
        if (value == null || value.length == 0) throw new Rejection(RejectReason.MALFORMED, "an empty record");
        if (value.length >= 10 && (value[0] & 0xff) == 0xC3 && value[1] == 0x01) return avro(key, value, recordTs);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new Rejection(RejectReason.MALFORMED, "not valid JSON");
        }
        if (node == null || !node.isObject()) throw new Rejection(RejectReason.MALFORMED, "not a JSON object");
        String id = text(node, "id", false);
        if (id == null) {
            if (key == null || key.length == 0) throw invalid("id is missing (and the record has no key to fall back to)");
            id = new String(key, StandardCharsets.UTF_8);
        }
        String model = text(node, "model", true);
        JsonNode tsNode = node.get("ts");
        if (tsNode != null && !tsNode.isNull() && !tsNode.canConvertToExactIntegral()) throw invalid("ts must be an integer (epoch ms)");
        long ts = tsNode == null || tsNode.isNull() ? recordTs : tsNode.asLong();
        JsonNode f = node.get("features");
        if (f == null || !f.isArray()) throw invalid("features must be an array of numbers");
        List<Long> shape = new ArrayList<>();
        for (JsonNode n = f; n != null && n.isArray(); n = n.size() > 0 ? n.get(0) : null) {
            shape.add((long) n.size());
            if (n.size() == 0) break;
        }
        long total = 1;
        for (long d : shape) total *= d;
        if (total == 0) throw invalid("features is empty");
        if (total > 1_000_000) throw new Rejection(RejectReason.TOO_LARGE, "features holds more than 1,000,000 values");
        double[] values = new double[(int) total];
        int[] at = {0};
        fill(f, 0, shape, values, at);
        return check(id, model, ts, values, shape.stream().mapToLong(Long::longValue).toArray(), slice(node.get("slice")));
    }

    private static FeatureEvent avro(byte[] key, byte[] value, long recordTs) {
        io.confmon.avro.FeatureEvent e;
        try {
            e = io.confmon.avro.FeatureEvent.getDecoder().decode(value);
        } catch (MissingSchemaException ex) {
            throw new Rejection(RejectReason.MALFORMED, "Avro single-object record with an unknown schema fingerprint"
                    + " (confmon reads the schemas in its schemas/ folder)");
        } catch (IOException | RuntimeException ex) {
            throw new Rejection(RejectReason.MALFORMED, "unreadable Avro single-object record: " + ex.getMessage());
        }
        double[] values = new double[e.getFeatures().size()];
        for (int i = 0; i < values.length; i++) values[i] = e.getFeatures().get(i);
        if (values.length == 0) throw invalid("features is empty");
        Map<String, String> slice = new TreeMap<>();
        if (e.getSlice() != null) e.getSlice().forEach((k, v) -> slice.put(k.toString(), v.toString()));
        return check(e.getId(), e.getModel(), e.getTs() != null ? e.getTs() : recordTs, values, new long[] {values.length},
                Collections.unmodifiableMap(slice));
    }

    private static FeatureEvent check(String id, String model, long ts, double[] values, long[] shape, Map<String, String> slice) {
        if (id.isEmpty()) throw invalid("id is empty");
        if (id.getBytes(StandardCharsets.UTF_8).length > EventDecoder.MAX_ID_BYTES) {
            throw new Rejection(RejectReason.TOO_LARGE, "id is longer than " + EventDecoder.MAX_ID_BYTES + " bytes");
        }
        if (model.isEmpty()) throw invalid("model is empty");
        if (model.getBytes(StandardCharsets.UTF_8).length > EventDecoder.MAX_MODEL_BYTES) {
            throw new Rejection(RejectReason.TOO_LARGE, "model is longer than " + EventDecoder.MAX_MODEL_BYTES + " bytes");
        }
        if (ts < EventDecoder.MIN_TS || ts >= EventDecoder.MAX_TS) {
            throw new Rejection(RejectReason.BAD_TIMESTAMP, "ts " + ts + " is outside 2001-09-09..2286-11-20 in epoch ms");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) throw invalid("features holds a value that is not finite");
        }
        return new FeatureEvent(id, model, ts, values, shape, slice);
    }

    private static void fill(JsonNode n, int depth, List<Long> shape, double[] out, int[] at) {
        if (depth == shape.size()) {
            if (!n.isNumber()) throw invalid("features holds " + abbreviate(n) + ", not a number");
            out[at[0]++] = n.asDouble();
            return;
        }
        if (!n.isArray() || n.size() != shape.get(depth)) throw invalid("features is a ragged array");
        for (JsonNode c : n) fill(c, depth + 1, shape, out, at);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) throw invalid(field + " is missing");
            return null;
        }
        if (!v.isTextual()) throw invalid(field + " must be a string");
        return v.asText();
    }

    private static Map<String, String> slice(JsonNode node) {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw invalid("slice must be an object of strings");
        Map<String, String> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) throw invalid("slice." + e.getKey() + " must be a string");
            out.put(e.getKey(), e.getValue().asText());
        });
        return Collections.unmodifiableMap(out);
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static Rejection invalid(String detail) {
        return new Rejection(RejectReason.INVALID, detail);
    }
}
