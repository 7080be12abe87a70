package io.confmon.matrix;

import java.util.Map;

/**
 * The metrics of the matrix document. Boxed where the contract answers {@code null}: accuracy,
 * balanced accuracy, kappa and MCC of an empty matrix, kappa when the expected agreement is 1.
 */
public record MatrixMetrics(
        Double accuracy,
        Double balancedAccuracy,
        double macroF1,
        double weightedF1,
        Double kappa,
        Double mcc,
        Map<String, ClassMetrics> perClass) {}
