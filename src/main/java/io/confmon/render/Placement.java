package io.confmon.render;

import static io.confmon.render.HeatmapLayout.AXIS_TITLE;
import static io.confmon.render.HeatmapLayout.AXIS_TITLE_GAP;
import static io.confmon.render.HeatmapLayout.COLOR_BAR_TICKS;
import static io.confmon.render.HeatmapLayout.PAD;
import static io.confmon.render.HeatmapLayout.TICK_GAP;
import static io.confmon.render.HeatmapLayout.TICK_LENGTH;

import java.awt.Font;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the texts, tick marks and colour bar of a heatmap go. Computed around a grid at the
 * origin, then moved as a whole so that the outermost piece sits {@link HeatmapLayout#PAD} from
 * the picture's edge; grid coordinates stay whole pixels, so cell edges are crisp in the PNG.
 */
record Placement(
        double gridX,
        double gridY,
        int width,
        int height,
        List<PlacedText> rowLabels,
        List<PlacedText> columnLabels,
        List<PlacedText> axisTitles,
        List<PlacedText> colorBarLabels,
        List<Line2D> tickMarks,
        Rectangle2D colorBar,
        PlacedText title,
        PlacedText subtitle) {

    static Placement of(HeatmapValues values, HeatmapOptions options, List<String> names, Font tickFont,
            int cell, int step, ColumnLabelAngle angle) {
        int k = names.size();
        double grid = (double) k * cell;
        double labelOffset = TICK_LENGTH + TICK_GAP;
        List<Line2D> marks = new ArrayList<>();
        List<PlacedText> rows = new ArrayList<>();
        List<PlacedText> columns = new ArrayList<>();
        for (int i = 0; i < k; i += step) {
            double centre = i * cell + cell / 2.0;
            String name = names.get(i);
            double w = Fonts.width(tickFont, name);
            rows.add(new PlacedText(name, tickFont, -labelOffset, centre, 0, -w, HeatmapLayout.centreBaseline(tickFont)));
            marks.add(new Line2D.Double(-TICK_LENGTH, centre, 0, centre));
            columns.add(columnLabel(name, tickFont, w, centre, grid + labelOffset, angle));
            marks.add(new Line2D.Double(centre, grid, centre, grid + TICK_LENGTH));
        }
        columns = movedBelow(columns, grid + labelOffset);

        List<PlacedText> axes = new ArrayList<>();
        double columnsBottom = columns.isEmpty() ? grid + TICK_LENGTH : union(columns).getMaxY();
        double predictedWidth = Fonts.width(AXIS_TITLE, HeatmapLayout.PREDICTED_AXIS);
        axes.add(new PlacedText(HeatmapLayout.PREDICTED_AXIS, AXIS_TITLE, grid / 2, columnsBottom + AXIS_TITLE_GAP,
                0, -predictedWidth / 2, Fonts.ascent(AXIS_TITLE)));
        double rowsLeft = rows.isEmpty() ? -TICK_LENGTH : union(rows).getMinX();
        double actualWidth = Fonts.width(AXIS_TITLE, HeatmapLayout.ACTUAL_AXIS);
        // Turned a quarter counter-clockwise, reading upwards; dy puts its right edge at x.
        axes.add(new PlacedText(HeatmapLayout.ACTUAL_AXIS, AXIS_TITLE, rowsLeft - AXIS_TITLE_GAP, grid / 2,
                -Math.PI / 2, -actualWidth / 2, -Fonts.descent(AXIS_TITLE)));

        Rectangle2D bar = new Rectangle2D.Double(grid + HeatmapLayout.COLOR_BAR_GAP, 0, HeatmapLayout.COLOR_BAR_WIDTH, grid);
        List<PlacedText> barLabels = new ArrayList<>();
        double barLabelsRight = bar.getMaxX() + TICK_LENGTH;
        ColorScale scale = values.scale();
        for (double tick : scale.ticks()) {
            double y = grid * (1 - scale.position(tick));
            marks.add(new Line2D.Double(bar.getMaxX(), y, bar.getMaxX() + TICK_LENGTH, y));
            PlacedText label = new PlacedText(scale.tickLabel(tick), COLOR_BAR_TICKS, bar.getMaxX() + TICK_LENGTH + TICK_GAP, y,
                    0, 0, HeatmapLayout.centreBaseline(COLOR_BAR_TICKS));
            barLabels.add(label);
            barLabelsRight = Math.max(barLabelsRight, label.bounds().getMaxX());
        }
        double captionWidth = Fonts.width(AXIS_TITLE, scale.caption());
        // Reads upwards like matplotlib's colour bar label; dy puts its left edge at x.
        barLabels.add(new PlacedText(scale.caption(), AXIS_TITLE, barLabelsRight + AXIS_TITLE_GAP, grid / 2,
                -Math.PI / 2, -captionWidth / 2, Fonts.ascent(AXIS_TITLE)));

        Rectangle2D content = new Rectangle2D.Double(0, 0, grid, grid);
        content.add(bar);
        for (List<PlacedText> texts : List.of(rows, columns, axes, barLabels)) {
            if (!texts.isEmpty()) content.add(union(texts));
        }

        String subtitleText = options.subtitle() != null ? options.subtitle()
                : Captions.subtitle(values.document(), values.normalization());
        String titleText = options.title() != null ? options.title() : Captions.title(values.document());
        double titleRoom = Math.max(content.getWidth(), HeatmapLayout.MIN_TITLE_ROOM);
        double titlesBottom = content.getMinY() - HeatmapLayout.TITLE_GAP;
        PlacedText subtitle = null;
        if (!subtitleText.isEmpty()) {
            subtitle = titleLine(Fonts.truncate(HeatmapLayout.SUBTITLE, subtitleText, titleRoom), HeatmapLayout.SUBTITLE,
                    titlesBottom, content, grid);
            titlesBottom = subtitle.bounds().getMinY() - 4;
        }
        PlacedText title = titleLine(Fonts.truncate(HeatmapLayout.TITLE, titleText, titleRoom), HeatmapLayout.TITLE,
                titlesBottom, content, grid);

        Rectangle2D all = (Rectangle2D) content.clone();
        all.add(title.bounds());
        if (subtitle != null) all.add(subtitle.bounds());
        // Whole-pixel shifts keep the grid on pixel boundaries.
        double dx = Math.ceil(PAD - all.getMinX());
        double dy = Math.ceil(PAD - all.getMinY());
        return new Placement(dx, dy, (int) Math.ceil(all.getMaxX() + dx + PAD), (int) Math.ceil(all.getMaxY() + dy + PAD),
                moved(rows, dx, dy), moved(columns, dx, dy), moved(axes, dx, dy), moved(barLabels, dx, dy),
                marks.stream().map(l -> (Line2D) new Line2D.Double(l.getX1() + dx, l.getY1() + dy, l.getX2() + dx, l.getY2() + dy)).toList(),
                new Rectangle2D.Double(bar.getX() + dx, bar.getY() + dy, bar.getWidth(), bar.getHeight()),
                title.moved(dx, dy), subtitle == null ? null : subtitle.moved(dx, dy));
    }

    private static PlacedText columnLabel(String name, Font font, double width, double centre, double top, ColumnLabelAngle angle) {
        if (angle == ColumnLabelAngle.HORIZONTAL) {
            return new PlacedText(name, font, centre, top, 0, -width / 2, Fonts.ascent(font));
        }
        // Turned labels end at their column and read upwards (matplotlib's rotation_mode='anchor', ha='right').
        return new PlacedText(name, font, centre, top, angle.radians(), -width, HeatmapLayout.centreBaseline(font));
    }

    /** The labels moved down together until the highest touches {@code top}: a turned label's corner pokes above its anchor. */
    private static List<PlacedText> movedBelow(List<PlacedText> labels, double top) {
        if (labels.isEmpty()) return labels;
        return moved(labels, 0, top - union(labels).getMinY());
    }

    /** A title line centred over the grid, kept inside the rest of the picture when it fits there. */
    private static PlacedText titleLine(String text, Font font, double bottom, Rectangle2D content, double grid) {
        double width = Fonts.width(font, text);
        double x = grid / 2 - width / 2;
        x = Math.max(content.getMinX(), Math.min(x, content.getMaxX() - width));
        return PlacedText.at(text, font, x, bottom - Fonts.descent(font));
    }

    private static Rectangle2D union(List<PlacedText> texts) {
        Rectangle2D r = texts.get(0).bounds();
        for (PlacedText t : texts) r.add(t.bounds());
        return r;
    }

    private static List<PlacedText> moved(List<PlacedText> texts, double dx, double dy) {
        return texts.stream().map(t -> t.moved(dx, dy)).toList();
    }
}
