package io.confmon.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Draws a {@link HeatmapLayout} onto any {@link Graphics2D}: a PNG's image or JFreeSVG's
 * document. It decides nothing about geometry; everything it draws is where the layout says.
 */
final class HeatmapPainter {
    private static final Color BACKGROUND = Color.WHITE;
    private static final Color TEXT = ColorMap.DARK_TEXT;
    private static final Color SUBTLE_TEXT = new Color(0x595959);
    private static final Color TICKS = new Color(0x404040);
    /** An empty cell's "0" is information, but quiet: in a large matrix a sea of black zeros hides the confusions. */
    private static final Color EMPTY_CELL_TEXT = new Color(0xa0a0a0);
    private static final Color GRID_FRAME = new Color(0xc8c8c8);
    private static final Stroke THIN = new BasicStroke(0.8f);

    private final HeatmapLayout layout;

    HeatmapPainter(HeatmapLayout layout) {
        this.layout = layout;
    }

    void paint(Graphics2D g, CellMarkup markup) {
        g.setColor(BACKGROUND);
        g.fill(new Rectangle2D.Double(0, 0, layout.width(), layout.height()));
        paintCells(g, markup);
        // A faint frame: the lightest cells are close to the white page, and the grid's edge would get lost.
        g.setColor(GRID_FRAME);
        g.setStroke(THIN);
        g.draw(layout.grid());
        paintColorBar(g);

        g.setColor(TICKS);
        g.setStroke(THIN);
        for (Line2D tick : layout.tickMarks()) g.draw(tick);

        g.setColor(TEXT);
        layout.rowLabels().forEach(t -> write(g, t));
        layout.columnLabels().forEach(t -> write(g, t));
        layout.axisTitles().forEach(t -> write(g, t));
        layout.colorBarLabels().forEach(t -> write(g, t));
        write(g, layout.title());
        if (layout.subtitle() != null) {
            g.setColor(SUBTLE_TEXT);
            write(g, layout.subtitle());
        }
    }

    private void paintCells(Graphics2D g, CellMarkup markup) {
        HeatmapValues values = layout.values();
        boolean drawEmpty = layout.drawsEmptyCells();
        if (!drawEmpty) {
            // Empty cells all have the colour of zero: one rectangle paints them.
            g.setColor(ColorMap.at(0));
            g.fill(layout.grid());
        }
        int k = layout.size();
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                boolean empty = values.count(a, p) == 0;
                if (empty && !drawEmpty) {
                    paintAnnotations(g, a, p, values.color(a, p), true);
                    continue;
                }
                markup.begin(g, a, p);
                Color fill = values.color(a, p);
                g.setColor(fill);
                g.fill(layout.cell(a, p));
                paintAnnotations(g, a, p, fill, empty);
                markup.end(g);
            }
        }
    }

    private void paintAnnotations(Graphics2D g, int actual, int predicted, Color fill, boolean empty) {
        List<PlacedText> lines = layout.annotations(actual, predicted);
        if (lines.isEmpty()) return;
        g.setColor(empty ? EMPTY_CELL_TEXT : ColorMap.textOn(fill));
        for (PlacedText line : lines) write(g, line);
    }

    private void paintColorBar(Graphics2D g) {
        Rectangle2D bar = layout.colorBar();
        if (bar.getHeight() <= 0) return;
        g.setPaint(ColorMap.gradient(new Point2D.Double(bar.getX(), bar.getMaxY()), new Point2D.Double(bar.getX(), bar.getY())));
        g.fill(bar);
        g.setColor(TICKS);
        g.setStroke(THIN);
        g.draw(bar);
    }

    /** Horizontal text is written in place; turned text through a transform around its anchor. */
    private static void write(Graphics2D g, PlacedText text) {
        g.setFont(text.font());
        if (text.angle() == 0) {
            g.drawString(text.text(), (float) (text.x() + text.dx()), (float) (text.y() + text.dy()));
            return;
        }
        AffineTransform saved = g.getTransform();
        g.translate(text.x(), text.y());
        g.rotate(text.angle());
        g.drawString(text.text(), (float) text.dx(), (float) text.dy());
        g.setTransform(saved);
    }
}
