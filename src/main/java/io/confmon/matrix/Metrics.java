package io.confmon.matrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of a confusion matrix with scikit-learn 1.2's definitions, called with
 * {@code labels} = the matrix's classes, {@code sample_weight} and {@code zero_division=0}. Where
 * scikit-learn would warn, divide by zero or return NaN, the contract's stated answers apply (see
 * the README's "Metric rules"). With d, r, c a class's diagonal, row and column sums and n the
 * total: precision d/c, recall d/r, F1 2d/(r+c), specificity (n-r-c+d)/(n-r).
 */
public final class Metrics {
    /** The matrix document lists this many of the largest confusions. */
    public static final int TOP_CONFUSIONS = 10;

    private Metrics() {}

    public static MatrixMetrics of(ConfusionMatrix m) {
        int k = m.size();
        double[] d = new double[k];
        double[] r = new double[k];
        double[] c = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = Weights.toWeight(m.diagonalUnits(i));
            r[i] = Weights.toWeight(m.rowUnits(i));
            c[i] = Weights.toWeight(m.columnUnits(i));
        }
        double n = Weights.toWeight(m.totalUnits());
        double trace = 0;
        for (double v : d) trace += v;

        Map<String, ClassMetrics> perClass = new LinkedHashMap<>();
        double f1Sum = 0;
        double f1Weighted = 0;
        double recallSum = 0;
        int classesWithSupport = 0;
        for (int i = 0; i < k; i++) {
            double precision = ratio(d[i], c[i]);
            double recall = ratio(d[i], r[i]);
            double f1 = ratio(2 * d[i], r[i] + c[i]);
            double specificity = ratio(n - r[i] - c[i] + d[i], n - r[i]);
            perClass.put(m.classes().name(i), new ClassMetrics(precision, recall, f1, r[i], specificity));
            f1Sum += f1;
            f1Weighted += f1 * r[i];
            if (r[i] > 0) {
                recallSum += recall;
                classesWithSupport++;
            }
        }

        Double accuracy = n == 0 ? null : trace / n;
        Double balanced = n == 0 || classesWithSupport == 0 ? null : recallSum / classesWithSupport;
        double macroF1 = k == 0 ? 0 : f1Sum / k;
        double weightedF1 = ratio(f1Weighted, n);
        return new MatrixMetrics(accuracy, balanced, macroF1, weightedF1, kappa(r, c, trace, n), mcc(r, c, trace, n), perClass);
    }

    /** Cohen's kappa as scikit-learn computes it: 1 - observed disagreement / expected disagreement. */
    private static Double kappa(double[] r, double[] c, double trace, double n) {
        if (n == 0) return null;
        double agreementByChance = 0;
        for (int i = 0; i < r.length; i++) agreementByChance += r[i] * c[i] / n;
        double expectedDisagreement = n - agreementByChance;
        if (expectedDisagreement == 0) return null;
        return 1 - (n - trace) / expectedDisagreement;
    }

    /** Matthews correlation coefficient, multiclass (Gorodkin's R_K), as scikit-learn computes it. */
    private static Double mcc(double[] r, double[] c, double trace, double n) {
        if (n == 0) return null;
        double rc = 0;
        double cc = 0;
        double rr = 0;
        for (int i = 0; i < r.length; i++) {
            rc += r[i] * c[i];
            cc += c[i] * c[i];
            rr += r[i] * r[i];
        }
        double covTruePred = trace * n - rc;
        double covPredPred = n * n - cc;
        double covTrueTrue = n * n - rr;
        if (covPredPred * covTrueTrue == 0) return 0.0;
        return covTruePred / Math.sqrt(covTrueTrue * covPredPred);
    }

    /**
     * The largest off-diagonal cells, largest first (ties: by actual, then predicted position),
     * with their share of the actual row: "which classes does the model confuse most".
     */
    public static List<Confusion> topConfusions(ConfusionMatrix m, int limit) {
        int k = m.size();
        long[] rows = new long[k];
        for (int a = 0; a < k; a++) rows[a] = m.rowUnits(a);
        List<int[]> cells = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                if (a != p && m.units(a, p) > 0) cells.add(new int[] {a, p});
            }
        }
        cells.sort(Comparator.<int[]>comparingLong(cell -> -m.units(cell[0], cell[1]))
                .thenComparingInt(cell -> cell[0])
                .thenComparingInt(cell -> cell[1]));
        List<Confusion> top = new ArrayList<>(Math.min(limit, cells.size()));
        for (int[] cell : cells.subList(0, Math.min(limit, cells.size()))) {
            long units = m.units(cell[0], cell[1]);
            top.add(new Confusion(m.classes().name(cell[0]), m.classes().name(cell[1]),
                    Weights.toWeight(units), rows[cell[0]] == 0 ? 0 : (double) units / rows[cell[0]]));
        }
        return top;
    }

    /**
     * Per class, the realized recall minus the recall {@code promised} (the expected matrix of the
     * same labelled rows) gives it: below 0 the model is surer of the class than reality bears out.
     * Only classes with rows in both (elsewhere a 0 would read as calibrated). Both matrices list
     * the same classes.
     */
    public static Map<String, Double> calibrationGap(ConfusionMatrix realized, ConfusionMatrix promised) {
        if (!realized.classes().equals(promised.classes())) throw new IllegalArgumentException("matrices over different classes");
        Map<String, Double> gap = new LinkedHashMap<>();
        for (int i = 0; i < realized.size(); i++) {
            long row = realized.rowUnits(i);
            long promisedRow = promised.rowUnits(i);
            if (row <= 0 || promisedRow <= 0) continue;
            gap.put(realized.classes().name(i),
                    (double) realized.diagonalUnits(i) / row - (double) promised.diagonalUnits(i) / promisedRow);
        }
        return gap;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0.0 : numerator / denominator;
    }
}
