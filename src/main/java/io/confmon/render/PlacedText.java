package io.confmon.render;

import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;

/**
 * A piece of text at its place in the picture: the painter translates to ({@code x}, {@code y}),
 * rotates by {@code angle} (radians, negative is counter-clockwise on screen) and writes the text
 * with its baseline starting at ({@code dx}, {@code dy}). Alignment lives in dx and dy, so the
 * layout can know the text's exact outline before anything is drawn.
 */
record PlacedText(String text, Font font, double x, double y, double angle, double dx, double dy) {

    /** Horizontal text whose left end of the baseline is at (x, y). */
    static PlacedText at(String text, Font font, double x, double y) {
        return new PlacedText(text, font, x, y, 0, 0, 0);
    }

    double width() {
        return Fonts.width(font, text);
    }

    /** The box the text takes (ascent to descent, start to end), rotated as drawn. */
    Shape outline() {
        Rectangle2D box = new Rectangle2D.Double(dx, dy - Fonts.ascent(font), width(), Fonts.lineHeight(font));
        AffineTransform at = AffineTransform.getTranslateInstance(x, y);
        at.rotate(angle);
        return at.createTransformedShape(box);
    }

    Rectangle2D bounds() {
        return outline().getBounds2D();
    }

    PlacedText moved(double byX, double byY) {
        return new PlacedText(text, font, x + byX, y + byY, angle, dx, dy);
    }
}
