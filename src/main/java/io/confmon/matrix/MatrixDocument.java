package io.confmon.matrix;

import java.util.List;

/**
 * The contract's matrix document: what HTTP answers, snapshots carry and {@code confmon evaluate
 * --output json} prints. A plain record; the JSON form is its fields in this order.
 *
 * @param from       start of the range in epoch ms, null where not applicable
 * @param to         end of the range (exclusive) in epoch ms, null where not applicable
 * @param counts     weighted counts, rows = actual, columns = predicted
 * @param normalize  how {@code normalized} was computed
 * @param normalized counts normalized as {@code normalize} says
 * @param expected   the expected matrix of every prediction in the range with probabilities (live views only);
 *                   absent when none had them
 * @param expectedLabelled the same over the predictions counted in {@code counts}; absent with {@code expected}
 */
public record MatrixDocument(
        String model,
        Long from,
        Long to,
        List<String> classes,
        double[][] counts,
        double total,
        String normalize,
        double[][] normalized,
        List<Confusion> topConfusions,
        MatrixMetrics metrics,
        ExpectedMatrix expected,
        ExpectedMatrix expectedLabelled) {

    public static MatrixDocument of(String model, Long from, Long to, ConfusionMatrix m, Normalization normalization) {
        return new MatrixDocument(model, from, to, m.classes().names(), m.weights(),
                Weights.toWeight(m.totalUnits()), normalization.label(), normalization.apply(m),
                Metrics.topConfusions(m, Metrics.TOP_CONFUSIONS), Metrics.of(m), null, null);
    }

    /**
     * This document with the expected matrices over its classes ({@code realized}: the matrix it was
     * made of), or as it is when {@code expected} is null.
     */
    public MatrixDocument withExpected(ConfusionMatrix realized, ConfusionMatrix expected, ConfusionMatrix expectedLabelled) {
        if (expected == null) return this;
        return new MatrixDocument(model, from, to, classes, counts, total, normalize, normalized, topConfusions, metrics,
                ExpectedMatrix.of(expected), ExpectedMatrix.ofLabelled(expectedLabelled, realized));
    }
}
