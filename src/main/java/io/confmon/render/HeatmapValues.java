package io.confmon.render;

import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.matrix.Weights;
import java.awt.Color;
import java.util.List;

/**
 * What a heatmap shows, cell by cell, before any geometry: the counts, the proportion the options
 * ask for, each cell's colour and texts. Proportions are recomputed from the counts with the
 * matrix core's {@link Normalization}, so a heatmap may ask for another normalization than the
 * document carries and still agree with it to the last bit.
 */
final class HeatmapValues {
    private final MatrixDocument doc;
    private final Normalization normalization;
    private final double[][] proportions;
    private final double[][] rowShares;
    private final ColorScale scale;

    private HeatmapValues(MatrixDocument doc, Normalization normalization) {
        this.doc = doc;
        this.normalization = normalization;
        ConfusionMatrix m = matrixOf(doc);
        this.rowShares = Normalization.TRUE.apply(m);
        this.proportions = normalization == Normalization.TRUE ? rowShares : normalization.apply(m);
        this.scale = switch (normalization) {
            case TRUE, PRED -> ColorScale.unit(Captions.shareOf(normalization));
            case ALL -> ColorScale.upTo(largest(proportions), Captions.shareOf(normalization));
            case NONE -> ColorScale.upTo(largest(doc.counts()), Captions.shareOf(normalization));
        };
    }

    static HeatmapValues of(MatrixDocument doc, Normalization normalization) {
        return new HeatmapValues(doc, normalization);
    }

    MatrixDocument document() {
        return doc;
    }

    Normalization normalization() {
        return normalization;
    }

    ColorScale scale() {
        return scale;
    }

    int size() {
        return doc.classes().size();
    }

    List<String> classes() {
        return doc.classes();
    }

    double count(int actual, int predicted) {
        return doc.counts()[actual][predicted];
    }

    /** The proportion the options ask for; with {@code NONE}, the share of the actual class. */
    double proportion(int actual, int predicted) {
        return normalization == Normalization.NONE ? rowShares[actual][predicted] : proportions[actual][predicted];
    }

    Color color(int actual, int predicted) {
        double value = normalization == Normalization.NONE ? count(actual, predicted) : proportions[actual][predicted];
        return ColorMap.at(scale.position(value));
    }

    String countText(int actual, int predicted) {
        return Numbers.compact(count(actual, predicted));
    }

    /** The second line of a cell's annotation, or null: raw counts have none, and an empty cell's "0.00" would only add noise. */
    String proportionText(int actual, int predicted) {
        if (normalization == Normalization.NONE || count(actual, predicted) == 0) return null;
        return Numbers.cellRatio(proportions[actual][predicted]);
    }

    /** The SVG hover text: "actual Shirt → predicted T-shirt/top: 123 (0.21 of Shirt)". */
    String hoverTitle(int actual, int predicted) {
        String a = doc.classes().get(actual);
        String p = doc.classes().get(predicted);
        String base = switch (normalization) {
            case TRUE, NONE -> a;
            case PRED -> "predicted " + p;
            case ALL -> "all";
        };
        return "actual " + a + " → predicted " + p + ": " + Numbers.count(count(actual, predicted))
                + " (" + Numbers.ratio(proportion(actual, predicted)) + " of " + base + ")";
    }

    /** The document's counts back in exact weight units, so the core's normalization applies unchanged. */
    private static ConfusionMatrix matrixOf(MatrixDocument doc) {
        ConfusionMatrix m = new ConfusionMatrix(ClassIndex.of(doc.classes()));
        double[][] counts = doc.counts();
        for (int a = 0; a < counts.length; a++) {
            for (int p = 0; p < counts[a].length; p++) {
                if (counts[a][p] != 0) m.add(a, p, Weights.toUnits(counts[a][p]));
            }
        }
        return m;
    }

    private static double largest(double[][] cells) {
        double max = 0;
        for (double[] row : cells) {
            for (double v : row) max = Math.max(max, v);
        }
        return max;
    }
}
