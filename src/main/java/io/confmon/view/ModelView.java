package io.confmon.view;

import io.confmon.matrix.ConfusionMatrix;

/**
 * A model's matrix over a range of buckets, and the label coverage of that range.
 *
 * @param predictions      predictions whose time falls in the range
 * @param labelled         of those, the ones joined with a label (pairs counted)
 * @param expected         the expected matrix of the range's predictions with probabilities (labelled or not),
 *                         over the same classes as {@code matrix}; null when none had probabilities
 * @param expectedLabelled the same over the predictions counted in {@code matrix} only; null when {@code expected} is
 */
public record ModelView(String model, BucketRange range, ConfusionMatrix matrix, long predictions, long labelled,
                        ConfusionMatrix expected, ConfusionMatrix expectedLabelled) {
    public ModelView(String model, BucketRange range, ConfusionMatrix matrix, long predictions, long labelled) {
        this(model, range, matrix, predictions, labelled, null, null);
    }

    /** Labelled / predicted; 0 when nothing was predicted. */
    public double coverage() {
        return predictions == 0 ? 0 : (double) labelled / predictions;
    }

    public boolean hasExpected() {
        return expected != null;
    }
}
