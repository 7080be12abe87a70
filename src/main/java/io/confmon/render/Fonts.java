package io.confmon.render;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;

/**
 * Fonts and text measurement for the layout. Measured once, with one antialiased, fractional
 * render context, and drawn with the same settings in the PNG, so the measured text is the drawn
 * text; the SVG names a font of the same design (DejaVu Sans, as matplotlib's default).
 */
final class Fonts {
    /** The context text is measured in; the PNG renderer sets the matching rendering hints. */
    static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);
    private static final Font BASE = new Font(Font.SANS_SERIF, Font.PLAIN, 1);
    private static final String ELLIPSIS = "…";

    private Fonts() {}

    static Font plain(double size) {
        return BASE.deriveFont(Font.PLAIN, (float) size);
    }

    static Font bold(double size) {
        return BASE.deriveFont(Font.BOLD, (float) size);
    }

    static double width(Font font, String text) {
        return font.getStringBounds(text, CONTEXT).getWidth();
    }

    static double ascent(Font font) {
        return metrics(font).getAscent();
    }

    static double descent(Font font) {
        return metrics(font).getDescent();
    }

    /** Ascent plus descent: the height one line of text really takes, without leading. */
    static double lineHeight(Font font) {
        LineMetrics m = metrics(font);
        return m.getAscent() + m.getDescent();
    }

    /** The text, shortened with an ellipsis until it is at most {@code maxWidth} wide. */
    static String truncate(Font font, String text, double maxWidth) {
        if (width(font, text) <= maxWidth) return text;
        int[] codePoints = text.codePoints().toArray();
        // Binary search on the number of code points kept: long class lists make a linear scan slow.
        int low = 0;
        int high = codePoints.length;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (width(font, new String(codePoints, 0, mid).stripTrailing() + ELLIPSIS) <= maxWidth) low = mid;
            else high = mid - 1;
        }
        return new String(codePoints, 0, low).stripTrailing() + ELLIPSIS;
    }

    private static LineMetrics metrics(Font font) {
        return font.getLineMetrics("Xg", CONTEXT);
    }
}
