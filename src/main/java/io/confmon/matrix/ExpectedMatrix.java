package io.confmon.matrix;

import java.util.Map;

/**
 * The matrix document's {@code expected} and {@code expectedLabelled}: the cell weights the
 * predictions' probabilities promise (see the contract's "Expected matrix"), their total, and the
 * document's metrics computed on them (estimated accuracy, per-class precision, recall, F1).
 *
 * @param calibrationGap only in {@code expectedLabelled}: per class, realized recall minus the recall promised
 *                       on the same rows ({@link Metrics#calibrationGap})
 */
public record ExpectedMatrix(double[][] counts, double total, MatrixMetrics metrics,
                             Map<String, Double> calibrationGap) {
    public static ExpectedMatrix of(ConfusionMatrix m) {
        return new ExpectedMatrix(m.weights(), Weights.toWeight(m.totalUnits()), Metrics.of(m), null);
    }

    /** The expected matrix of the labelled rows, with its calibration gap against what they {@code realized}. */
    public static ExpectedMatrix ofLabelled(ConfusionMatrix m, ConfusionMatrix realized) {
        return new ExpectedMatrix(m.weights(), Weights.toWeight(m.totalUnits()), Metrics.of(m), Metrics.calibrationGap(realized, m));
    }
}
