package io.confmon.render;

/**
 * How column (predicted class) labels are written: level when every name fits its column,
 * slanted 45° for a few long names (matplotlib's {@code rotation=45, ha='right'}), upright when
 * there are many columns, where slanted labels would spill far to the left of the grid.
 */
enum ColumnLabelAngle {
    HORIZONTAL(0),
    DIAGONAL(-Math.PI / 4),
    VERTICAL(-Math.PI / 2);

    /** Up to this many columns, long names are slanted rather than upright. */
    static final int MOST_DIAGONAL_COLUMNS = 24;

    private final double radians;

    ColumnLabelAngle(double radians) {
        this.radians = radians;
    }

    double radians() {
        return radians;
    }

    /**
     * @param pitch distance between two written labels (cell size times the thinning step)
     */
    static ColumnLabelAngle choose(int columns, double widestLabel, double lineHeight, double pitch) {
        if (widestLabel + 4 <= pitch) return HORIZONTAL;
        // Slanted labels stand pitch * sin 45° apart, measured across the text.
        if (columns <= MOST_DIAGONAL_COLUMNS && pitch * Math.sin(Math.PI / 4) >= lineHeight + 2) return DIAGONAL;
        return VERTICAL;
    }
}
