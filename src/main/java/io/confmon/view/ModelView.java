package io.confmon.view;

import io.confmon.matrix.ConfusionMatrix;

/**
 * A model's matrix over a range of buckets, and the label coverage of that range.
 *
 * @param predictions predictions whose time falls in the range
 * @param labelled    of those, the ones joined with a label (pairs counted)
 */
public record ModelView(String model, BucketRange range, ConfusionMatrix matrix, long predictions, long labelled) {
    /** Labelled / predicted; 0 when nothing was predicted. */
    public double coverage() {
        return predictions == 0 ? 0 : (double) labelled / predictions;
    }
}
