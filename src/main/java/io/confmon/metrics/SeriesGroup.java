package io.confmon.metrics;

import java.util.List;

/**
 * Series exported together or not at all (a pair in every view, so the alert's short view never
 * lacks its baseline), and the tier that says how early they claim the series budget.
 */
record SeriesGroup(Tier tier, List<Series> series) {
    SeriesGroup {
        series = List.copyOf(series);
    }

    /** Most important first: what an operator and the shipped alerts need before what fills in the picture. */
    enum Tier {
        /** Counters, pending, accuracy and coverage of a model. */
        HEADLINE,
        /** The most confused off-diagonal pairs, with their actual class's row (the ratio's support). */
        CONFUSED_PAIRS,
        /** Per-class precision, recall, F1 and support. */
        CLASSES,
        /** The rest of a small matrix: the diagonal and cells never confused. */
        OTHER_CELLS,
        SLICE_HEADLINE,
        SLICE_CONFUSED_PAIRS,
        SLICE_CLASSES,
        SLICE_OTHER_CELLS;

        /** The same tier for the per-slice series, which come after every aggregate one. */
        Tier forSlices() {
            return switch (this) {
                case HEADLINE -> SLICE_HEADLINE;
                case CONFUSED_PAIRS -> SLICE_CONFUSED_PAIRS;
                case CLASSES -> SLICE_CLASSES;
                case OTHER_CELLS -> SLICE_OTHER_CELLS;
                default -> this;
            };
        }
    }
}
