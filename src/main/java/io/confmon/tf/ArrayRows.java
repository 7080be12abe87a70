package io.confmon.tf;

import com.fasterxml.jackson.core.JsonGenerator;
import io.confmon.evaluate.Columns;
import java.io.IOException;

/**
 * X.npy rows scored in batches, each written with its Y.npy label: a class index (Y of shape [n] or
 * [n, 1]; integers, or floats holding integers as Keras often saves them) or a one-hot row ([n, K]).
 */
final class ArrayRows implements ScoredRowSource {
    private final NpyArray x;
    private final NpyArray y;
    private final long[] feedShape;
    private final int batchSize;
    private final Columns columns;

    ArrayRows(NpyArray x, NpyArray y, ScoringModel model, String modelName, int batchSize, Columns columns) {
        if (x.rows() != y.rows()) {
            throw new ModelError(x.source() + " has " + x.rows() + " rows but " + y.source() + " has " + y.rows()
                    + "; X and Y must hold the same samples");
        }
        if (y.rowShape().length > 1) {
            throw new ModelError(y.source() + " has shape " + java.util.Arrays.toString(y.shape())
                    + "; labels are class indices [n] or one-hot rows [n, classes]");
        }
        this.x = x;
        this.y = y;
        this.feedShape = InputShapes.feedShape(model.inputRowShape(), x.rowShape(), x.source() + " rows", "model " + modelName);
        this.batchSize = batchSize;
        this.columns = columns;
    }

    @Override
    public String name() {
        return x.source() + " / " + y.source();
    }

    @Override
    public boolean zeroBasedRows() {
        return true;
    }

    @Override
    public void writeAll(ScoringModel model, JsonGenerator out) throws IOException {
        int rows = x.rows();
        int width = InputShapes.size(feedShape);
        double[] features = new double[Math.min(batchSize, Math.max(rows, 1)) * width];
        for (int from = 0; from < rows; from += batchSize) {
            int n = Math.min(batchSize, rows - from);
            x.copyRows(from, n, features);
            double[] scores = model.score(features, n, feedShape);
            int k = scores.length / n;
            for (int r = 0; r < n; r++) {
                out.writeStartObject();
                out.writeFieldName(columns.actual());
                writeLabel(from + r, out);
                out.writeFieldName(columns.scores());
                out.writeArray(scores, r * k, k);
                out.writeEndObject();
                out.writeRaw('\n');
            }
        }
    }

    private void writeLabel(int row, JsonGenerator out) throws IOException {
        int k = y.rowSize();
        long start = (long) row * k;
        if (k == 1) {
            double v = y.doubleAt(start);
            if (y.isInteger() || v == Math.rint(v) && !Double.isInfinite(v)) {
                out.writeNumber((long) v);
                return;
            }
            throw new ModelError(y.source() + " row " + row + ": " + v + " is not a class index");
        }
        double[] oneHot = new double[k];
        for (int i = 0; i < k; i++) oneHot[i] = y.doubleAt(start + i);
        out.writeArray(oneHot, 0, k);
    }
}
