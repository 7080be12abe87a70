package io.confmon.render;

import java.awt.Graphics2D;

/**
 * Markup around one cell's drawing. Only the SVG carries any (a group with a hover title and data
 * attributes); a PNG's graphics would reject JFreeSVG's hints, so it gets {@link #NONE}.
 */
interface CellMarkup {
    CellMarkup NONE = new CellMarkup() {
        @Override
        public void begin(Graphics2D g, int actual, int predicted) {}

        @Override
        public void end(Graphics2D g) {}
    };

    void begin(Graphics2D g, int actual, int predicted);

    void end(Graphics2D g);
}
