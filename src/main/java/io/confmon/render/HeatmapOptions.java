package io.confmon.render;

import io.confmon.matrix.Normalization;
import java.util.Objects;

/**
 * How to draw a heatmap.
 *
 * @param normalization what the colours show and which proportion a cell prints under its count
 *                      ({@code TRUE}: share of the actual class, as {@code normalize='true'} in
 *                      scikit-learn); {@code NONE} colours by count and prints the count alone
 * @param title         replaces the automatic title (model, window, total) when not null
 * @param subtitle      replaces the automatic subtitle (accuracy, macro F1, normalization) when
 *                      not null; an empty string leaves the subtitle out
 */
public record HeatmapOptions(Normalization normalization, String title, String subtitle) {

    public HeatmapOptions {
        Objects.requireNonNull(normalization, "normalization");
    }

    /** Normalized by the actual class, automatic title and subtitle: what the HTTP endpoint draws without query options. */
    public static HeatmapOptions defaults() {
        return new HeatmapOptions(Normalization.TRUE, null, null);
    }

    public HeatmapOptions withNormalization(Normalization normalization) {
        return new HeatmapOptions(normalization, title, subtitle);
    }

    public HeatmapOptions withTitle(String title) {
        return new HeatmapOptions(normalization, title, subtitle);
    }

    public HeatmapOptions withSubtitle(String subtitle) {
        return new HeatmapOptions(normalization, title, subtitle);
    }
}
