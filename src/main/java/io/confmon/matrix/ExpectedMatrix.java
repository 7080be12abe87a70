package io.confmon.matrix;

/**
 * The matrix document's {@code expected} and {@code expectedLabelled}: the cell weights the
 * predictions' probabilities promise (see the contract's "Expected matrix"), their total, and the
 * document's metrics computed on them (estimated accuracy, per-class precision, recall, F1).
 */
public record ExpectedMatrix(double[][] counts, double total, MatrixMetrics metrics) {
    public static ExpectedMatrix of(ConfusionMatrix m) {
        return new ExpectedMatrix(m.weights(), Weights.toWeight(m.totalUnits()), Metrics.of(m));
    }
}
