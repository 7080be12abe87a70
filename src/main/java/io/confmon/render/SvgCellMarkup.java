package io.confmon.render;

import java.awt.Graphics2D;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.svg.SVGHints;

/**
 * Wraps each cell of the SVG in {@code <g id="cell-3-5" class="cell" data-actual=".."
 * data-predicted=".." data-count=".." data-proportion=".."><title>..</title>..</g>}: browsers
 * show the title on hover, and a web page finds cells by id or data attributes. JFreeSVG writes
 * the group from {@link SVGHints#KEY_BEGIN_GROUP} with a map of attributes (escaped for XML) and
 * the title from {@link SVGHints#KEY_ELEMENT_TITLE}.
 */
final class SvgCellMarkup implements CellMarkup {
    private final HeatmapValues values;

    SvgCellMarkup(HeatmapValues values) {
        this.values = values;
    }

    static String cellId(int actual, int predicted) {
        return "cell-" + actual + "-" + predicted;
    }

    @Override
    public void begin(Graphics2D g, int actual, int predicted) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("id", cellId(actual, predicted));
        attributes.put("class", "cell");
        attributes.put("data-actual", values.classes().get(actual));
        attributes.put("data-predicted", values.classes().get(predicted));
        attributes.put("data-count", Numbers.count(values.count(actual, predicted)));
        attributes.put("data-proportion", Double.toString(values.proportion(actual, predicted)));
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, attributes);
        g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, values.hoverTitle(actual, predicted));
    }

    @Override
    public void end(Graphics2D g) {
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "cell");
    }
}
