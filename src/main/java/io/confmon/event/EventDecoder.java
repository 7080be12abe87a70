package io.confmon.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.message.MissingSchemaException;

/**
 * Decodes and validates the contract's prediction and label events from a record's bytes: JSON
 * (a UTF-8 object) or Avro single-object encoding ({@code C3 01} + schema fingerprint), detected
 * per record. Anything that breaks the contract becomes a {@link Rejection} with its reason code.
 */
public final class EventDecoder {
    /** Epoch ms 1e12..1e13: a ts in seconds or microseconds by mistake falls outside. */
    public static final long MIN_TS = 1_000_000_000_000L;
    public static final long MAX_TS = 10_000_000_000_000L;
    public static final int MAX_ID_BYTES = 256;
    public static final int MAX_MODEL_BYTES = 128;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        AvroTrust.trustConfmonSchemas();
    }

    private final ModelSettings models;

    public EventDecoder(ModelSettings models) {
        this.models = models;
    }

    public Prediction prediction(byte[] key, byte[] value, long recordTs) {
        if (isAvro(value)) return avroPrediction(key, value, recordTs);
        JsonNode o = jsonObject(value);
        String id = id(o.get("id"), key);
        String model = model(o.get("model"), true);
        long ts = ts(o.get("ts"), recordTs);
        ClassSpace space = models.space(model);
        String predicted = ClassDecoder.decodePrediction(classValue(o.get("predicted"), "predicted"),
                classValue(o.get("scores"), "scores"), space, models.threshold(model), "predicted", "scores");
        long weight = ClassDecoder.weightUnits(weightValue(o.get("weight")), "weight");
        return new Prediction(id, model, ts, predicted, weight, slice(o.get("slice")));
    }

    public Label label(byte[] key, byte[] value, long recordTs) {
        if (isAvro(value)) return avroLabel(key, value, recordTs);
        JsonNode o = jsonObject(value);
        String id = id(o.get("id"), key);
        String model = model(o.get("model"), false);
        long ts = ts(o.get("ts"), recordTs);
        LabelClass actual = labelClass(classValue(o.get("actual"), "actual"), model);
        JsonNode w = o.get("weight");
        long weight = w == null || w.isNull() ? Label.NO_WEIGHT : ClassDecoder.weightUnits(weightValue(w), "weight");
        return new Label(id, model, ts, actual, weight);
    }

    /**
     * A label for one model is checked against that model's class list now, while the record can
     * still go to the DLQ; a label for every model keeps its index to be read in each model's list.
     */
    private LabelClass labelClass(Object value, String model) {
        if (model != null) return LabelClass.ofName(ClassDecoder.decode(value, models.space(model), models.threshold(model), "actual"));
        if (value instanceof String name) return LabelClass.ofName(ClassSpace.open().byName(name, "actual"));
        if (value instanceof Long index) {
            if (index < 0 || index > Integer.MAX_VALUE) throw Rejection.invalid("actual class index " + index + " is out of range");
            return LabelClass.ofIndex(index.intValue());
        }
        if (value instanceof double[] scores) {
            return LabelClass.ofIndex((int) ClassDecoder.argmax(scores, ClassSpace.open(), models.defaultThreshold(), "actual"));
        }
        throw Rejection.invalid("actual is missing");
    }

    private Prediction avroPrediction(byte[] key, byte[] value, long recordTs) {
        io.confmon.avro.PredictionEvent e = decodeAvro(() -> io.confmon.avro.PredictionEvent.getDecoder().decode(value));
        String id = checkId(e.getId());
        String model = checkModel(e.getModel());
        long ts = checkTs(e.getTs() != null ? e.getTs() : recordTs);
        ClassSpace space = models.space(model);
        String predicted = ClassDecoder.decodePrediction(avroClass(e.getPredicted()), scores(e.getScores()), space,
                models.threshold(model), "predicted", "scores");
        long weight = ClassDecoder.weightUnits(e.getWeight(), "weight");
        Map<String, String> slice = new TreeMap<>();
        if (e.getSlice() != null) {
            e.getSlice().forEach((k, v) -> {
                if (models.sliceKeys().contains(k)) slice.put(k, v);
            });
        }
        return new Prediction(id, model, ts, predicted, weight, java.util.Collections.unmodifiableMap(slice));
    }

    private Label avroLabel(byte[] key, byte[] value, long recordTs) {
        io.confmon.avro.LabelEvent e = decodeAvro(() -> io.confmon.avro.LabelEvent.getDecoder().decode(value));
        String id = checkId(e.getId());
        String model = e.getModel() == null ? null : checkModel(e.getModel());
        long ts = checkTs(e.getTs() != null ? e.getTs() : recordTs);
        Object actual = e.getActual() instanceof List<?> list ? scores(list) : avroClass(e.getActual());
        long weight = e.getWeight() == null ? Label.NO_WEIGHT : ClassDecoder.weightUnits(e.getWeight(), "weight");
        return new Label(id, model, ts, labelClass(actual, model), weight);
    }

    private interface AvroRead<T> {
        T read() throws IOException;
    }

    private static <T> T decodeAvro(AvroRead<T> read) {
        try {
            return read.read();
        } catch (MissingSchemaException e) {
            throw new Rejection(RejectReason.MALFORMED, "Avro single-object record with an unknown schema fingerprint"
                    + " (confmon reads the schemas in its schemas/ folder)");
        } catch (IOException | RuntimeException e) {
            throw new Rejection(RejectReason.MALFORMED, "unreadable Avro single-object record: " + e.getMessage());
        }
    }

    private static Object avroClass(Object v) {
        if (v == null || v instanceof Long) return v;
        if (v instanceof CharSequence s) return s.toString();
        throw Rejection.invalid("unexpected Avro value " + v);
    }

    private static double[] scores(List<?> list) {
        if (list == null) return null;
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).doubleValue();
        return out;
    }

    static boolean isAvro(byte[] value) {
        return value != null && value.length >= 10 && (value[0] & 0xff) == 0xC3 && value[1] == 0x01;
    }

    private static JsonNode jsonObject(byte[] value) {
        if (value == null || value.length == 0) throw new Rejection(RejectReason.MALFORMED, "empty record value");
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.MALFORMED, "neither JSON nor Avro single-object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rejection(RejectReason.MALFORMED, "unreadable record: " + e.getMessage());
        }
        if (node == null || !node.isObject()) throw new Rejection(RejectReason.MALFORMED, "the value must be a JSON object");
        return node;
    }

    private static String id(JsonNode node, byte[] key) {
        if (node == null || node.isNull()) {
            if (key == null || key.length == 0) throw Rejection.invalid("id is missing (and the record has no key to fall back to)");
            return checkId(new String(key, StandardCharsets.UTF_8));
        }
        if (!node.isTextual()) throw Rejection.invalid("id must be a string, not " + node);
        return checkId(node.textValue());
    }

    private static String checkId(String id) {
        if (id.isEmpty()) throw Rejection.invalid("id is empty");
        if (utf8Length(id) > MAX_ID_BYTES) throw new Rejection(RejectReason.TOO_LARGE, "id is longer than " + MAX_ID_BYTES + " bytes");
        return id;
    }

    private static String model(JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) throw Rejection.invalid("model is missing");
            return null;
        }
        if (!node.isTextual()) throw Rejection.invalid("model must be a string, not " + node);
        return checkModel(node.textValue());
    }

    private static String checkModel(String model) {
        if (model.isEmpty()) throw Rejection.invalid("model is empty");
        if (utf8Length(model) > MAX_MODEL_BYTES) {
            throw new Rejection(RejectReason.TOO_LARGE, "model is longer than " + MAX_MODEL_BYTES + " bytes");
        }
        return model;
    }

    private static long ts(JsonNode node, long recordTs) {
        if (node == null || node.isNull()) return checkTs(recordTs);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) throw Rejection.invalid("ts must be an integer (epoch ms), not " + node);
        return checkTs(node.longValue());
    }

    private static long checkTs(long ts) {
        if (ts < MIN_TS || ts >= MAX_TS) {
            throw new Rejection(RejectReason.BAD_TIMESTAMP, "ts " + ts + " is outside 2001-09-09..2286-11-20 in epoch ms"
                    + " (seconds or microseconds by mistake?)");
        }
        return ts;
    }

    private static Object classValue(JsonNode node, String field) {
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return node.textValue();
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) throw Rejection.invalid(field + " class index " + node + " is too large");
            return node.longValue();
        }
        if (node.isArray()) {
            double[] values = new double[node.size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode v = node.get(i);
                if (!v.isNumber()) throw Rejection.invalid(field + " must hold only numbers, found " + v);
                values[i] = v.doubleValue();
            }
            return values;
        }
        throw Rejection.invalid(field + " must be a class name (string), a class index (integer) or an array of scores, not " + node);
    }

    private static Object weightValue(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isNumber()) throw Rejection.invalid("weight must be a number, not " + node);
        return node.doubleValue();
    }

    private Map<String, String> slice(JsonNode node) {
        if (node == null || node.isNull() || models.sliceKeys().isEmpty()) return Map.of();
        if (!node.isObject()) throw Rejection.invalid("slice must be an object of strings");
        Map<String, String> kept = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!models.sliceKeys().contains(e.getKey())) continue;
            if (!e.getValue().isValueNode() || e.getValue().isNull()) throw Rejection.invalid("slice." + e.getKey() + " must be a string");
            kept.put(e.getKey(), e.getValue().asText());
        }
        return java.util.Collections.unmodifiableMap(kept);
    }

    private static int utf8Length(String s) {
        return s.length() <= MAX_MODEL_BYTES / 3 ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
