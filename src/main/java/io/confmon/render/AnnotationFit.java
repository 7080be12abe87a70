package io.confmon.render;

import java.awt.Font;

/**
 * Which cell annotations fit, and at which font size: count and proportion on two lines when
 * both fit every cell, else the count alone, else nothing. One choice for the whole grid (sized
 * for its widest text), so annotations never overflow a cell and never overlap, and every cell
 * reads alike.
 */
record AnnotationFit(Mode mode, Font font) {
    enum Mode { NONE, COUNT, COUNT_AND_PROPORTION }

    /** Notebook annotations are about this size; larger looks shouty in a 64 px cell. */
    static final int LARGEST = 12;
    /** Below this, two lines of digits are hard to read; one line gets one size more slack. */
    static final int SMALLEST_TWO_LINES = 9;
    static final int SMALLEST_ONE_LINE = 8;
    /** Measured once at this size and scaled: widths grow linearly with a fractional render context. */
    private static final float REFERENCE = 10f;
    /** Text takes at most these shares of a cell, so it never touches its neighbours' text. */
    private static final double HEIGHT_SHARE = 0.75;
    private static final double WIDTH_SHARE = 0.85;

    static AnnotationFit choose(HeatmapValues values, int cell) {
        Font reference = Fonts.plain(REFERENCE);
        double lineHeight = Fonts.lineHeight(reference) / REFERENCE;
        // A cell too small for one line of the smallest text needs no measuring (200 classes: 40,000 cells).
        if (lineHeight * SMALLEST_ONE_LINE > HEIGHT_SHARE * cell) return none();

        double widestCount = 0;
        double widestProportion = 0;
        int k = values.size();
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                widestCount = Math.max(widestCount, Fonts.width(reference, values.countText(a, p)));
                String proportion = values.proportionText(a, p);
                if (proportion != null) widestProportion = Math.max(widestProportion, Fonts.width(reference, proportion));
            }
        }
        double widest = Math.max(widestCount, widestProportion) / REFERENCE;
        if (widestProportion > 0) {
            for (int size = LARGEST; size >= SMALLEST_TWO_LINES; size--) {
                if (fits(2 * lineHeight * size, widest * size, cell)) {
                    return new AnnotationFit(Mode.COUNT_AND_PROPORTION, Fonts.plain(size));
                }
            }
        }
        for (int size = LARGEST; size >= SMALLEST_ONE_LINE; size--) {
            if (fits(lineHeight * size, widestCount / REFERENCE * size, cell)) {
                return new AnnotationFit(Mode.COUNT, Fonts.plain(size));
            }
        }
        return none();
    }

    private static boolean fits(double height, double width, int cell) {
        return height <= HEIGHT_SHARE * cell && width <= WIDTH_SHARE * cell;
    }

    static AnnotationFit none() {
        return new AnnotationFit(Mode.NONE, Fonts.plain(SMALLEST_ONE_LINE));
    }
}
