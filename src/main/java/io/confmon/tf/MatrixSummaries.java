package io.confmon.tf;

import io.confmon.matrix.ClassMetrics;
import io.confmon.matrix.MatrixDocument;
import io.confmon.render.HeatmapOptions;
import io.confmon.render.HeatmapRenderer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one matrix document puts in TensorBoard at one step: the annotated heatmap (the PNG the
 * renderer draws for {@code --heatmap} and the page) as the image {@code confusion_matrix}, and the
 * scalars {@code accuracy}, {@code balanced_accuracy}, {@code macro_f1} and {@code recall/<class>}.
 * Metrics the contract answers with null (an empty matrix) are left out rather than written as 0.
 */
public final class MatrixSummaries {
    public static final String IMAGE_TAG = "confusion_matrix";

    private MatrixSummaries() {}

    public static void write(EventFileWriter writer, long step, MatrixDocument doc, HeatmapOptions options) {
        writer.image(step, IMAGE_TAG, HeatmapRenderer.png(doc, options));
        writer.scalars(step, scalars(doc));
        writer.flush();
    }

    /** The scalars of a document, tag to value, in a stable order. */
    public static Map<String, Float> scalars(MatrixDocument doc) {
        Map<String, Float> out = new LinkedHashMap<>();
        if (doc.metrics().accuracy() != null) out.put("accuracy", doc.metrics().accuracy().floatValue());
        if (doc.metrics().balancedAccuracy() != null) out.put("balanced_accuracy", doc.metrics().balancedAccuracy().floatValue());
        if (doc.total() > 0) out.put("macro_f1", (float) doc.metrics().macroF1());
        for (Map.Entry<String, ClassMetrics> c : doc.metrics().perClass().entrySet()) {
            out.put("recall/" + c.getKey(), (float) c.getValue().recall());
        }
        return out;
    }
}
