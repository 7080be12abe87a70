package io.confmon.matrix;

import java.util.Locale;

/** How cells are normalized, as scikit-learn's {@code normalize}: by the actual row, the predicted column, the total, or not. */
public enum Normalization {
    TRUE, PRED, ALL, NONE;

    public static Normalization parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("normalize must be one of true, pred, all, none; got '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The normalized cells; a cell is 0 where its divisor is 0. */
    public double[][] apply(ConfusionMatrix m) {
        int k = m.size();
        double[][] out = new double[k][k];
        long total = this == ALL ? m.totalUnits() : 0;
        long[] columns = new long[k];
        if (this == PRED) for (int p = 0; p < k; p++) columns[p] = m.columnUnits(p);
        for (int a = 0; a < k; a++) {
            long row = this == TRUE ? m.rowUnits(a) : 0;
            for (int p = 0; p < k; p++) {
                long v = m.units(a, p);
                long divisor = switch (this) {
                    case TRUE -> row;
                    case PRED -> columns[p];
                    case ALL -> total;
                    case NONE -> Weights.UNITS_PER_WEIGHT;
                };
                out[a][p] = divisor == 0 ? 0.0 : (double) v / divisor;
            }
        }
        return out;
    }
}
