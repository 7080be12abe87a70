package io.confmon.demo;

/**
 * The oracle's counts for one model.
 *
 * @param predictionEvents valid prediction records, duplicates included
 * @param predictions      distinct (model, id) pairs with a valid prediction
 * @param joined           pairs counted in the matrix
 * @param late             pairs whose every label came more than the horizon after the prediction
 * @param unlabelled       pairs with no label at all
 * @param malformed        records for this model that must be rejected (garbage naming no model is only in the total)
 */
public record ModelTally(long predictionEvents, long predictions, long joined, long late, long unlabelled, long malformed) {}
