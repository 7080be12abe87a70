package io.confmon.metrics;

import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.Weights;
import io.confmon.view.ModelView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which off-diagonal pairs of a model's views deserve series, most confused first. A pair ranks
 * by its ratio (the cell over its actual row), but only once the row has the minimum support:
 * otherwise a class seen once, and confused that once, would sit at ratio 1 on top.
 */
final class ConfusedPairs {
    record Pair(String actual, String predicted) {}

    private record Cell(Pair pair, boolean supported, double ratio, long units) {}

    /** Supported rows first, then ratio, then count, largest first; names break ties so the choice is stable. */
    private static final Comparator<Cell> MOST_CONFUSED_FIRST = Comparator.comparing(Cell::supported).reversed()
            .thenComparing(Comparator.comparingDouble(Cell::ratio).reversed())
            .thenComparing(Comparator.comparingLong(Cell::units).reversed())
            .thenComparing(c -> c.pair().actual())
            .thenComparing(c -> c.pair().predicted());

    private ConfusedPairs() {}

    /**
     * Every off-diagonal pair with a count in some view, ordered by its best cell in any view:
     * for a matrix small enough to export whole, this order only matters under the series cap.
     */
    static List<Pair> allConfused(Map<String, ModelView> views, double minSupport) {
        Map<Pair, Cell> best = new HashMap<>();
        for (ModelView view : views.values()) {
            forEachConfusedCell(view.matrix(), minSupport, cell -> best.merge(cell.pair(), cell,
                    (a, b) -> MOST_CONFUSED_FIRST.compare(a, b) <= 0 ? a : b));
        }
        List<Cell> cells = new ArrayList<>(best.values());
        cells.sort(MOST_CONFUSED_FIRST);
        return cells.stream().map(Cell::pair).toList();
    }

    /**
     * Each view's {@code n} most confused pairs among rows with the minimum support, united over
     * the views and ordered by their best rank in any view. The union matters: a pair rising in
     * the short view is by definition not yet confused in the long one, yet the alert compares
     * the two, so its long-view series must exist too.
     */
    static List<Pair> top(Map<String, ModelView> views, int n, double minSupport) {
        List<List<Pair>> perView = new ArrayList<>();
        for (ModelView view : views.values()) perView.add(topOf(view.matrix(), n, minSupport));
        Set<Pair> union = new LinkedHashSet<>();
        for (int rank = 0; rank < n; rank++) {
            for (List<Pair> pairs : perView) {
                if (rank < pairs.size()) union.add(pairs.get(rank));
            }
        }
        return List.copyOf(union);
    }

    private static List<Pair> topOf(ConfusionMatrix m, int n, double minSupport) {
        // A bounded heap whose head is the least confused of the kept: K x K cells, n kept.
        PriorityQueue<Cell> kept = new PriorityQueue<>(n + 1, MOST_CONFUSED_FIRST.reversed());
        forEachConfusedCell(m, minSupport, cell -> {
            if (!cell.supported()) return;
            kept.add(cell);
            if (kept.size() > n) kept.poll();
        });
        List<Cell> cells = new ArrayList<>(kept);
        cells.sort(MOST_CONFUSED_FIRST);
        return cells.stream().map(Cell::pair).toList();
    }

    private static void forEachConfusedCell(ConfusionMatrix m, double minSupport, Consumer<Cell> action) {
        ClassIndex classes = m.classes();
        long minUnits = Math.round(minSupport * Weights.UNITS_PER_WEIGHT);
        for (int a = 0; a < m.size(); a++) {
            long row = m.rowUnits(a);
            if (row <= 0) continue;
            boolean supported = row >= minUnits;
            for (int p = 0; p < m.size(); p++) {
                long units = m.units(a, p);
                if (p == a || units <= 0) continue;
                action.accept(new Cell(new Pair(classes.name(a), classes.name(p)), supported, (double) units / row, units));
            }
        }
    }
}
