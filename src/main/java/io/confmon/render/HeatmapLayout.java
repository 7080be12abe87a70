package io.confmon.render;

import java.awt.Font;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of one heatmap, computed once and handed to {@link HeatmapPainter} for both the
 * PNG and the SVG, so the two cannot drift apart. Sizes are pixels (SVG user units).
 *
 * <p>Everything is first placed around a grid at the origin, then the whole picture is moved so
 * its outermost text sits {@link #PAD} from the edge: margins follow from what is really there
 * (long class names, rotated labels, a wide title) instead of fixed guesses.
 */
final class HeatmapLayout {
    /** Cells no larger than this: small matrices stay compact, like a notebook figure. */
    static final int MAX_CELL = 64;
    /** The grid's side stays under this; with labels and colour bar a picture stays near 2400 px at most. */
    static final int GRID_BUDGET = 2000;
    static final double PAD = 16;
    static final double TICK_LENGTH = 3.5;
    static final double TICK_GAP = 3;
    static final double AXIS_TITLE_GAP = 8;
    /** Class names longer than this are shortened with an ellipsis; the SVG's hover titles keep them whole. */
    static final double MAX_LABEL_WIDTH = 170;
    static final double COLOR_BAR_GAP = 24;
    static final double COLOR_BAR_WIDTH = 16;
    static final double TITLE_GAP = 14;
    /** A title may make the picture this wide even when the grid is narrower. */
    static final double MIN_TITLE_ROOM = 640;
    static final Font TITLE = Fonts.bold(16);
    static final Font SUBTITLE = Fonts.plain(12.5);
    static final Font AXIS_TITLE = Fonts.plain(14);
    static final Font COLOR_BAR_TICKS = Fonts.plain(11);
    /**
     * Up to this many classes every cell is drawn and, in the SVG, grouped with its hover title.
     * Past it empty cells are left to the grid's background: 200 classes would otherwise make
     * 40,000 groups, a 12 MB SVG that browsers hover over sluggishly, when most cells are empty.
     */
    static final int MOST_CLASSES_WITH_EMPTY_CELLS = 50;
    static final String ACTUAL_AXIS = "True label";
    static final String PREDICTED_AXIS = "Predicted label";

    private final HeatmapValues values;
    private final int cell;
    private final int labelStep;
    private final ColumnLabelAngle columnAngle;
    private final AnnotationFit annotationFit;
    private final Placement placed;

    private HeatmapLayout(HeatmapValues values, HeatmapOptions options) {
        this.values = values;
        int k = values.size();
        this.cell = cellSize(k);
        Font tickFont = Fonts.plain(Math.max(8, Math.min(12, cell * 0.8)));
        // Thin labels until neighbours are at least one text line apart: they never overlap.
        this.labelStep = Math.max(1, (int) Math.ceil(Fonts.lineHeight(tickFont) / cell));
        List<String> names = new ArrayList<>(k);
        double widest = 0;
        for (String name : values.classes()) {
            String shown = Fonts.truncate(tickFont, name, MAX_LABEL_WIDTH);
            names.add(shown);
            widest = Math.max(widest, Fonts.width(tickFont, shown));
        }
        this.columnAngle = ColumnLabelAngle.choose(k, widest, Fonts.lineHeight(tickFont), cell * labelStep);
        this.annotationFit = AnnotationFit.choose(values, cell);
        this.placed = Placement.of(values, options, names, tickFont, cell, labelStep, columnAngle);
    }

    static HeatmapLayout of(HeatmapValues values, HeatmapOptions options) {
        return new HeatmapLayout(values, options);
    }

    /** 64 px cells for up to 31 classes, then smaller so the grid stays within {@link #GRID_BUDGET}. */
    static int cellSize(int classes) {
        if (classes == 0) return MAX_CELL;
        return Math.max(1, Math.min(MAX_CELL, GRID_BUDGET / classes));
    }

    HeatmapValues values() {
        return values;
    }

    int width() {
        return placed.width();
    }

    int height() {
        return placed.height();
    }

    int size() {
        return values.size();
    }

    int cellSize() {
        return cell;
    }

    /** The square of a cell: row {@code actual}, column {@code predicted}. Both outputs fill exactly this. */
    Rectangle2D cell(int actual, int predicted) {
        return new Rectangle2D.Double(placed.gridX() + predicted * cell, placed.gridY() + actual * cell, cell, cell);
    }

    Rectangle2D grid() {
        return new Rectangle2D.Double(placed.gridX(), placed.gridY(), (double) size() * cell, (double) size() * cell);
    }

    /** Whether empty cells are drawn (and titled in the SVG) one by one, or left to the grid's background. */
    boolean drawsEmptyCells() {
        return size() <= MOST_CLASSES_WITH_EMPTY_CELLS;
    }

    /** Every how many classes a tick label is written (1: all of them). */
    int labelStep() {
        return labelStep;
    }

    ColumnLabelAngle columnAngle() {
        return columnAngle;
    }

    AnnotationFit.Mode annotationMode() {
        return annotationFit.mode();
    }

    Font annotationFont() {
        return annotationFit.font();
    }

    /** A cell's annotation lines, centred in it; none when annotations do not fit. */
    List<PlacedText> annotations(int actual, int predicted) {
        if (annotationFit.mode() == AnnotationFit.Mode.NONE) return List.of();
        Font font = annotationFit.font();
        Rectangle2D box = cell(actual, predicted);
        double cx = box.getCenterX();
        double cy = box.getCenterY();
        String count = values.countText(actual, predicted);
        String proportion = annotationFit.mode() == AnnotationFit.Mode.COUNT_AND_PROPORTION
                ? values.proportionText(actual, predicted) : null;
        if (proportion == null) return List.of(centred(count, font, cx, cy + centreBaseline(font)));
        double line = Fonts.lineHeight(font);
        double top = cy - line;
        return List.of(centred(count, font, cx, top + Fonts.ascent(font)),
                centred(proportion, font, cx, top + line + Fonts.ascent(font)));
    }

    List<PlacedText> rowLabels() {
        return placed.rowLabels();
    }

    List<PlacedText> columnLabels() {
        return placed.columnLabels();
    }

    List<PlacedText> axisTitles() {
        return placed.axisTitles();
    }

    List<PlacedText> colorBarLabels() {
        return placed.colorBarLabels();
    }

    List<Line2D> tickMarks() {
        return placed.tickMarks();
    }

    Rectangle2D colorBar() {
        return placed.colorBar();
    }

    PlacedText title() {
        return placed.title();
    }

    /** Null when there is none. */
    PlacedText subtitle() {
        return placed.subtitle();
    }

    /** The baseline offset that centres a line of text on a point vertically. */
    static double centreBaseline(Font font) {
        return (Fonts.ascent(font) - Fonts.descent(font)) / 2;
    }

    private static PlacedText centred(String text, Font font, double cx, double baseline) {
        return new PlacedText(text, font, cx, baseline, 0, -Fonts.width(font, text) / 2, 0);
    }
}
