package io.confmon.render;

import io.confmon.matrix.MatrixDocument;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Annotated confusion-matrix heatmaps, as a notebook draws them with
 * {@code sns.heatmap(cm_normalized, annot=True, cmap='Blues')}: rows are the actual class, columns
 * the predicted one, each cell coloured by its proportion and annotated with count and proportion
 * while they fit. The PNG and the SVG are drawn by one painter from one layout, so they show the
 * same picture. Works headless; needs no display.
 */
public final class HeatmapRenderer {
    /** The SVG names DejaVu Sans, the font the layout measured with (and matplotlib's default); Verdana is close in width. */
    static final String SVG_FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif";

    private HeatmapRenderer() {}

    /** The heatmap as PNG bytes. */
    public static byte[] png(MatrixDocument doc, HeatmapOptions options) {
        HeatmapLayout layout = layout(doc, options);
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // Fractional metrics: text is drawn as wide as Fonts measured it.
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            new HeatmapPainter(layout).paint(g, CellMarkup.NONE);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the heatmap as PNG", e);
        }
        return out.toByteArray();
    }

    public static byte[] png(MatrixDocument doc) {
        return png(doc, HeatmapOptions.defaults());
    }

    /**
     * The heatmap as a standalone SVG document, with a viewBox so a page can scale it. Each cell
     * is a group with id {@code cell-<actual>-<predicted>}, {@code data-actual},
     * {@code data-predicted}, {@code data-count}, {@code data-proportion} and a hover title; past
     * 50 classes only cells with a count are (empty ones are the grid's background).
     */
    public static String svg(MatrixDocument doc, HeatmapOptions options) {
        HeatmapLayout layout = layout(doc, options);
        SVGGraphics2D g = new SVGGraphics2D(layout.width(), layout.height());
        g.setFontFunction(family -> SVG_FONT_FAMILY);
        // A fixed prefix for the colour bar's gradient id: the same matrix gives the same bytes.
        g.setDefsKeyPrefix("confmon-");
        g.setGeomDoubleConverter(Numbers::coordinate);
        g.setTransformDoubleConverter(Numbers::coordinate);
        new HeatmapPainter(layout).paint(g, new SvgCellMarkup(layout.values()));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + xmlChars(g.getSVGElement(null, true, new ViewBox(0, 0, layout.width(), layout.height()), null, null)) + "\n";
    }

    /**
     * Class and model names are data and may hold characters XML 1.0 cannot carry, even as
     * character references (NUL and the other C0 controls but tab and newlines, U+FFFE/U+FFFF,
     * unpaired surrogates): they are drawn as U+FFFD, so the document stays well-formed. Only
     * names can hold them; the markup around them never does.
     */
    static String xmlChars(String svg) {
        StringBuilder out = null;
        for (int i = 0; i < svg.length(); i++) {
            char c = svg.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < svg.length() && Character.isLowSurrogate(svg.charAt(i + 1));
            boolean valid = pair || (c >= 0x20 && c <= 0xFFFD && !Character.isSurrogate(c)) || c == '\t' || c == '\n' || c == '\r';
            if (!valid && out == null) out = new StringBuilder(svg.length()).append(svg, 0, i);
            if (out != null) {
                if (pair) out.append(c).append(svg.charAt(i + 1));
                else out.append(valid ? c : '\uFFFD');
            }
            if (pair) i++;
        }
        return out == null ? svg : out.toString();
    }

    public static String svg(MatrixDocument doc) {
        return svg(doc, HeatmapOptions.defaults());
    }

    /** The geometry both outputs draw; tests compare it with what they drew. */
    static HeatmapLayout layout(MatrixDocument doc, HeatmapOptions options) {
        return HeatmapLayout.of(HeatmapValues.of(doc, options.normalization()), options);
    }
}
