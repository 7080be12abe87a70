package io.confmon.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    static {
        AvroTrust.trustConfmonSchemas();
    }

    private final ModelSettings models;

    public EventDecoder(ModelSettings models) {
        this.models = models;
    }

    public Prediction prediction(byte[] key, byte[] value, long recordTs) {
        if (isAvro(value)) return avroPrediction(key, value, recordTs);
        JsonEventReader.Fields o = JsonEventReader.read(value, models.sliceKeys());
        String id = id(o.id, key);
        String model = model(o.model, true);
        long ts = checkTs(o.ts != null ? o.ts : recordTs);
        ClassSpace space = models.space(model);
        String predicted = ClassDecoder.decodePrediction(o.predicted, o.scores, space, models.threshold(model), "predicted", "scores");
        long weight = ClassDecoder.weightUnits(o.weight, "weight");
        return new Prediction(id, model, ts, predicted, weight, o.slice, expected(o.predicted, o.scores, space));
    }

    public Label label(byte[] key, byte[] value, long recordTs) {
        if (isAvro(value)) return avroLabel(key, value, recordTs);
        JsonEventReader.Fields o = JsonEventReader.read(value, models.sliceKeys());
        String id = id(o.id, key);
        String model = model(o.model, false);
        long ts = checkTs(o.ts != null ? o.ts : recordTs);
        LabelClass actual = labelClass(o.actual, model);
        long weight = o.weight == null ? Label.NO_WEIGHT : ClassDecoder.weightUnits(o.weight, "weight");
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
        Object predictedValue = avroClass(e.getPredicted());
        double[] scores = scores(e.getScores());
        String predicted = ClassDecoder.decodePrediction(predictedValue, scores, space, models.threshold(model), "predicted", "scores");
        long weight = ClassDecoder.weightUnits(e.getWeight(), "weight");
        Map<String, String> slice = new TreeMap<>();
        if (e.getSlice() != null) {
            e.getSlice().forEach((k, v) -> {
                if (models.sliceKeys().contains(k)) slice.put(k, v);
            });
        }
        return new Prediction(id, model, ts, predicted, weight, java.util.Collections.unmodifiableMap(slice),
                expected(predictedValue, scores, space));
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

    /**
     * The expected matrix needs the class each score is for: the class list's, or without a list
     * the score's index, which names the predicted class only when that is an index or absent.
     */
    private Probabilities expected(Object predicted, Object scores, ClassSpace space) {
        if (!(scores instanceof double[] s) || s.length > models.expectedMaxClasses()) return null;
        boolean named = space.isOpen() ? !(predicted instanceof String) : s.length == space.fixed().size();
        return named ? Probabilities.of(s) : null;
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

    private static String id(String id, byte[] key) {
        if (id == null) {
            if (key == null || key.length == 0) throw Rejection.invalid("id is missing (and the record has no key to fall back to)");
            return checkId(new String(key, StandardCharsets.UTF_8));
        }
        return checkId(id);
    }

    private static String checkId(String id) {
        if (id.isEmpty()) throw Rejection.invalid("id is empty");
        if (utf8Length(id) > MAX_ID_BYTES) throw new Rejection(RejectReason.TOO_LARGE, "id is longer than " + MAX_ID_BYTES + " bytes");
        return id;
    }

    private static String model(String model, boolean required) {
        if (model == null) {
            if (required) throw Rejection.invalid("model is missing");
            return null;
        }
        return checkModel(model);
    }

    private static String checkModel(String model) {
        if (model.isEmpty()) throw Rejection.invalid("model is empty");
        if (utf8Length(model) > MAX_MODEL_BYTES) {
            throw new Rejection(RejectReason.TOO_LARGE, "model is longer than " + MAX_MODEL_BYTES + " bytes");
        }
        return model;
    }

    private static long checkTs(long ts) {
        if (ts < MIN_TS || ts >= MAX_TS) {
            throw new Rejection(RejectReason.BAD_TIMESTAMP, "ts " + ts + " is outside 2001-09-09..2286-11-20 in epoch ms"
                    + " (seconds or microseconds by mistake?)");
        }
        return ts;
    }

    private static int utf8Length(String s) {
        return s.length() <= MAX_MODEL_BYTES / 3 ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
