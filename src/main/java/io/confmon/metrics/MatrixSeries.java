package io.confmon.metrics;

import io.confmon.matrix.ClassMetrics;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.MatrixMetrics;
import io.confmon.matrix.Metrics;
import io.confmon.matrix.Weights;
import io.confmon.metrics.ConfusedPairs.Pair;
import io.confmon.metrics.SeriesGroup.Tier;
import io.confmon.view.ModelView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-view series of one model, over all slices or over one slice: accuracy and coverage,
 * per-class metrics, and the matrix cells. A matrix of at most {@code cellsMaxClasses} classes is
 * exported whole; a larger one only as its most confused pairs (K x K series would swamp
 * Prometheus, and past a few dozen classes nobody reads the whole grid from a time series).
 */
final class MatrixSeries {
    private final String model;
    private final List<String> sliceLabels;
    private final List<String> sliceValues;
    private final Map<String, ModelView> views;
    private final Map<String, MatrixMetrics> metrics = new HashMap<>();
    private final Map<String, MatrixMetrics> expectedMetrics = new HashMap<>();
    private final Map<String, Map<String, Double>> calibrationGaps = new HashMap<>();

    /**
     * @param sliceLabels the slice label names, empty for the aggregate series
     * @param sliceValues the slice's values in the same order
     * @param views       view name -> view, in the configured order
     */
    MatrixSeries(String model, List<String> sliceLabels, List<String> sliceValues, Map<String, ModelView> views) {
        this.model = model;
        this.sliceLabels = List.copyOf(sliceLabels);
        this.sliceValues = List.copyOf(sliceValues);
        this.views = views;
        views.forEach((name, view) -> {
            metrics.put(name, Metrics.of(view.matrix()));
            if (view.hasExpected()) {
                expectedMetrics.put(name, Metrics.of(view.expected()));
                calibrationGaps.put(name, Metrics.calibrationGap(view.matrix(), view.expectedLabelled()));
            }
        });
    }

    List<SeriesGroup> groups(MetricsSettings settings) {
        List<SeriesGroup> groups = new ArrayList<>();
        groups.add(new SeriesGroup(tier(Tier.HEADLINE), headline()));
        List<String> classes = classesByWeight();
        boolean whole = classes.size() <= settings.cellsMaxClasses();
        List<Pair> confused = whole
                ? ConfusedPairs.allConfused(views, settings.minPairSupport())
                : ConfusedPairs.top(views, settings.topPairs(), settings.minPairSupport());
        for (Pair pair : confused) {
            List<Series> series = new ArrayList<>(classSeries(pair.actual()));
            series.addAll(cellSeries(pair));
            groups.add(new SeriesGroup(tier(Tier.CONFUSED_PAIRS), series));
        }
        for (String c : classes) groups.add(new SeriesGroup(tier(Tier.CLASSES), classSeries(c)));
        if (whole) {
            Set<Pair> done = new HashSet<>(confused);
            for (String actual : classes) {
                for (String predicted : classes) {
                    Pair pair = new Pair(actual, predicted);
                    if (!done.contains(pair)) groups.add(new SeriesGroup(tier(Tier.OTHER_CELLS), cellSeries(pair)));
                }
            }
        }
        return groups;
    }

    private Tier tier(Tier aggregate) {
        return sliceLabels.isEmpty() ? aggregate : aggregate.forSlices();
    }

    /**
     * Accuracy is absent for an empty view (the contract's null), coverage without predictions:
     * a 0 there would read as "no labels" to the stall alert and drag averages over time.
     */
    private List<Series> headline() {
        List<Series> series = new ArrayList<>();
        views.forEach((window, view) -> {
            Double accuracy = metrics.get(window).accuracy();
            if (accuracy != null) series.add(series(Metric.ACCURACY, accuracy, window));
            if (view.predictions() > 0) series.add(series(Metric.LABEL_COVERAGE, view.coverage(), window));
            MatrixMetrics expected = expectedMetrics.get(window);
            if (expected != null && expected.accuracy() != null) series.add(series(Metric.ACCURACY_EXPECTED, expected.accuracy(), window));
        });
        return series;
    }

    private List<Series> classSeries(String c) {
        List<Series> series = new ArrayList<>();
        for (String window : views.keySet()) {
            ClassMetrics cm = metrics.get(window).perClass().get(c);
            if (cm == null) continue;
            series.add(series(Metric.CLASS_PRECISION, cm.precision(), window, c));
            series.add(series(Metric.CLASS_RECALL, cm.recall(), window, c));
            series.add(series(Metric.CLASS_F1, cm.f1(), window, c));
            series.add(series(Metric.CLASS_SUPPORT, cm.support(), window, c));
            Double gap = calibrationGaps.getOrDefault(window, Map.of()).get(c);
            if (gap != null) series.add(series(Metric.CALIBRATION_GAP, gap, window, c));
        }
        return series;
    }

    /** The pair's count and ratio in every view that lists both classes, 0 where it was not confused. */
    private List<Series> cellSeries(Pair pair) {
        List<Series> series = new ArrayList<>();
        views.forEach((window, view) -> {
            ConfusionMatrix m = view.matrix();
            int a = m.classes().positionOrMinusOne(pair.actual());
            int p = m.classes().positionOrMinusOne(pair.predicted());
            if (a < 0 || p < 0) return;
            long units = m.units(a, p);
            long row = m.rowUnits(a);
            series.add(series(Metric.CONFUSION, Weights.toWeight(units), window, pair.actual(), pair.predicted()));
            series.add(series(Metric.CONFUSION_RATIO, row == 0 ? 0 : (double) units / row, window, pair.actual(), pair.predicted()));
            if (view.hasExpected()) {
                series.add(series(Metric.CONFUSION_EXPECTED, Weights.toWeight(view.expected().units(a, p)), window,
                        pair.actual(), pair.predicted()));
            }
        });
        return series;
    }

    /** The classes of all views, heaviest rows first (they keep their series longest under the cap). */
    private List<String> classesByWeight() {
        Map<String, Long> rowUnits = new HashMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (ModelView view : views.values()) {
            ConfusionMatrix m = view.matrix();
            for (int i = 0; i < m.size(); i++) {
                all.add(m.classes().name(i));
                rowUnits.merge(m.classes().name(i), m.rowUnits(i), Long::sum);
            }
        }
        List<String> classes = new ArrayList<>(all);
        classes.sort(Comparator.<String>comparingLong(c -> -rowUnits.get(c)).thenComparing(Comparator.naturalOrder()));
        return classes;
    }

    private Series series(Metric metric, double value, String window, String... classLabels) {
        List<String> values = new ArrayList<>(4 + sliceValues.size());
        values.add(model);
        values.add(window);
        values.addAll(List.of(classLabels));
        values.addAll(sliceValues);
        return new Series(new Family(metric, sliceLabels), values, value);
    }
}
