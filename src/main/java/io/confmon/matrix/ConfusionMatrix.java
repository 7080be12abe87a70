package io.confmon.matrix;

import java.util.Arrays;

/**
 * A weighted K x K confusion matrix: rows are the actual class, columns the predicted one, cells
 * are sums of sample weights in {@link Weights} units. Cells can be added, retracted (a label
 * correction takes back the cell it counted) and whole matrices merged; all three are exact
 * integer operations, so any order of them gives the same matrix.
 */
public final class ConfusionMatrix {
    private final ClassIndex classes;
    private final int k;
    private final long[] cells;

    public ConfusionMatrix(ClassIndex classes) {
        this.classes = classes;
        this.k = classes.size();
        this.cells = new long[k * k];
    }

    private ConfusionMatrix(ClassIndex classes, long[] cells) {
        this.classes = classes;
        this.k = classes.size();
        this.cells = cells;
    }

    public ClassIndex classes() {
        return classes;
    }

    public int size() {
        return k;
    }

    public void add(int actual, int predicted, long units) {
        cells[actual * k + predicted] += units;
    }

    public void retract(int actual, int predicted, long units) {
        cells[actual * k + predicted] -= units;
    }

    /** Adds every cell of {@code other}, which must list the same classes. */
    public ConfusionMatrix merge(ConfusionMatrix other) {
        if (!classes.equals(other.classes)) {
            throw new IllegalArgumentException("cannot merge matrices over different classes: "
                    + classes + " and " + other.classes + " (reindex one first)");
        }
        for (int i = 0; i < cells.length; i++) cells[i] += other.cells[i];
        return this;
    }

    /**
     * This matrix over another class list, matching classes by name. A class the target lacks
     * goes to the target's {@link ClassIndex#OTHER} when it has one; otherwise it is an error.
     */
    public ConfusionMatrix reindex(ClassIndex target) {
        int[] map = new int[k];
        int other = target.positionOrMinusOne(ClassIndex.OTHER);
        for (int i = 0; i < k; i++) {
            int p = target.positionOrMinusOne(classes.name(i));
            if (p < 0) p = other;
            if (p < 0) throw new IllegalArgumentException("class " + classes.name(i) + " is not in " + target);
            map[i] = p;
        }
        ConfusionMatrix result = new ConfusionMatrix(target);
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                long v = cells[a * k + p];
                if (v != 0) result.add(map[a], map[p], v);
            }
        }
        return result;
    }

    public long units(int actual, int predicted) {
        return cells[actual * k + predicted];
    }

    public double weight(int actual, int predicted) {
        return Weights.toWeight(cells[actual * k + predicted]);
    }

    public long rowUnits(int actual) {
        long sum = 0;
        for (int p = 0; p < k; p++) sum += cells[actual * k + p];
        return sum;
    }

    public long columnUnits(int predicted) {
        long sum = 0;
        for (int a = 0; a < k; a++) sum += cells[a * k + predicted];
        return sum;
    }

    public long diagonalUnits(int c) {
        return cells[c * k + c];
    }

    public long totalUnits() {
        long sum = 0;
        for (long v : cells) sum += v;
        return sum;
    }

    /** Rows of weighted counts, as the matrix document shows them. */
    public double[][] weights() {
        double[][] rows = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) rows[a][p] = Weights.toWeight(cells[a * k + p]);
        }
        return rows;
    }

    public ConfusionMatrix copy() {
        return new ConfusionMatrix(classes, cells.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && classes.equals(m.classes) && Arrays.equals(cells, m.cells);
    }

    @Override
    public int hashCode() {
        return 31 * classes.hashCode() + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + classes + Arrays.deepToString(weights());
    }
}
