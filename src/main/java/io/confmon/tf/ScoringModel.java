package io.confmon.tf;

/**
 * A loaded SavedModel, reduced to what confmon needs: rows of features in, a row of scores out.
 * Implemented inside the TensorFlow class loader; this interface is all the rest of confmon sees.
 */
public interface ScoringModel extends AutoCloseable {
    /** The signature, input and output used, with their dtypes and shapes, for messages and logs. */
    String description();

    /** The shape of one input row as the signature declares it (-1 where unknown). */
    long[] inputRowShape();

    /**
     * Scores {@code rows} rows of shape {@code rowShape} (flat, C order; see {@link InputShapes}).
     * Returns {@code rows * width} scores, flat; the width is {@link #outputWidth()} after the call.
     */
    double[] score(double[] features, int rows, long[] rowShape);

    /** Scores per row: the output's last dimension (1 for a single probability); -1 before the first call when the signature does not say. */
    int outputWidth();

    @Override
    void close();
}
