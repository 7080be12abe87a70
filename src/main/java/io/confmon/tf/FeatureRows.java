package io.confmon.tf;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confmon.evaluate.Columns;
import io.confmon.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines rows with a {@code features} array (flat, or nested to the model's input shape) and
 * the usual {@code actual} and optional {@code weight}: the features are scored in batches and each
 * line is written again with {@code scores} in their place, line for line.
 */
final class FeatureRows implements ScoredRowSource {
    static final String FEATURES = "features";

    private final InputStream in;
    private final String source;
    private final int batchSize;
    private final Columns columns;
    private final String modelName;

    FeatureRows(InputStream in, String source, String modelName, int batchSize, Columns columns) {
        this.in = in;
        this.source = source;
        this.modelName = modelName;
        this.batchSize = batchSize;
        this.columns = columns;
    }

    @Override
    public String name() {
        return source;
    }

    @Override
    public boolean zeroBasedRows() {
        return false;
    }

    @Override
    public void writeAll(ScoringModel model, JsonGenerator out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        List<ObjectNode> batch = new ArrayList<>();
        List<Integer> blanksBefore = new ArrayList<>();
        double[] features = new double[0];
        long[] feedShape = null;
        int width = 0;
        int blanks = 0;
        long lineNumber = 0;
        String line;
        while (true) {
            line = reader.readLine();
            if (line != null) {
                lineNumber++;
                if (line.isBlank()) {
                    blanks++;
                    continue;
                }
                ObjectNode row = parse(line, lineNumber);
                JsonNode f = row.get(FEATURES);
                List<Long> shape = new ArrayList<>();
                double[] flat = flatten(f, lineNumber, shape);
                long[] rowShape = shape.stream().mapToLong(Long::longValue).toArray();
                if (feedShape == null) {
                    feedShape = InputShapes.feedShape(model.inputRowShape(), rowShape,
                            source + ":" + lineNumber + ": the features", "model " + modelName);
                    width = InputShapes.size(feedShape);
                    features = new double[batchSize * width];
                }
                if (flat.length != width) {
                    throw new ModelError(source + ":" + lineNumber + ": '" + FEATURES + "' has " + flat.length
                            + " values; the rows before had " + width + " (model " + modelName + ")");
                }
                System.arraycopy(flat, 0, features, batch.size() * width, width);
                row.remove(FEATURES);
                batch.add(row);
                blanksBefore.add(blanks);
                blanks = 0;
            }
            if (!batch.isEmpty() && (batch.size() == batchSize || line == null)) {
                double[] scores = model.score(features, batch.size(), feedShape);
                int k = scores.length / batch.size();
                for (int r = 0; r < batch.size(); r++) {
                    for (int b = 0; b < blanksBefore.get(r); b++) out.writeRaw('\n');
                    ObjectNode row = batch.get(r);
                    out.writeStartObject();
                    JsonNode actual = row.get(columns.actual());
                    if (actual != null) {
                        out.writeFieldName(columns.actual());
                        out.writeTree(actual);
                    }
                    JsonNode weight = row.get(columns.weight());
                    if (weight != null) {
                        out.writeFieldName(columns.weight());
                        out.writeTree(weight);
                    }
                    out.writeFieldName(columns.scores());
                    out.writeArray(scores, r * k, k);
                    out.writeEndObject();
                    out.writeRaw('\n');
                }
                batch.clear();
                blanksBefore.clear();
            }
            if (line == null) return;
        }
    }

    private ObjectNode parse(String line, long lineNumber) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new ModelError(source + ":" + lineNumber + ": not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) throw new ModelError(source + ":" + lineNumber + ": each line must be one JSON object");
        return object;
    }

    /** The values of a (nested) number array in C order; {@code shape} receives its dimensions. */
    private double[] flatten(JsonNode f, long lineNumber, List<Long> shape) {
        if (f == null || !f.isArray()) {
            throw new ModelError(source + ":" + lineNumber + ": no '" + FEATURES + "' array (a model is scoring the rows)");
        }
        for (JsonNode n = f; n.isArray(); n = n.size() > 0 ? n.get(0) : null) {
            shape.add((long) n.size());
            if (n.size() == 0) break;
        }
        int total = 1;
        for (long d : shape) total = Math.multiplyExact(total, (int) d);
        double[] out = new double[total];
        int[] at = {0};
        fill(f, 0, shape, out, at, lineNumber);
        return out;
    }

    private void fill(JsonNode n, int depth, List<Long> shape, double[] out, int[] at, long lineNumber) {
        if (depth == shape.size()) {
            if (!n.isNumber()) throw new ModelError(source + ":" + lineNumber + ": '" + FEATURES + "' holds " + n + ", not a number");
            out[at[0]++] = n.asDouble();
            return;
        }
        if (!n.isArray() || n.size() != shape.get(depth)) {
            throw new ModelError(source + ":" + lineNumber + ": '" + FEATURES + "' is a ragged array (not every row has "
                    + shape.get(depth) + " entries at depth " + (depth + 1) + ")");
        }
        for (JsonNode c : n) fill(c, depth + 1, shape, out, at, lineNumber);
    }
}
