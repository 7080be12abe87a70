package io.confmon.metrics;

import io.confmon.app.Config;
import io.confmon.topology.ModelTotals;
import io.confmon.topology.Slice;
import io.confmon.topology.PipelineCounter;
import io.confmon.view.ModelView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a snapshot into the series to export, within the series cap. */
final class SeriesPlanner {
    private static final Logger log = LoggerFactory.getLogger(SeriesPlanner.class);

    private final MetricsSettings settings;
    private final SliceLabels sliceLabels;
    private final String longestView;

    /** What one refresh exports and how many series the cap (or an unmappable slice) left out. */
    record Plan(List<Series> series, int leftOut) {}

    SeriesPlanner(MetricsSettings settings, SliceLabels sliceLabels) {
        this.settings = settings;
        this.sliceLabels = sliceLabels;
        this.longestView = settings.views().stream().max(Comparator.comparingLong(Config.View::millis)).orElseThrow().name();
    }

    /** @param capacity the series this plan may hold */
    Plan plan(Snapshot snapshot, int capacity) {
        List<SeriesGroup> groups = new ArrayList<>();
        int unmappable = 0;
        for (Snapshot.ModelSnapshot model : snapshot.models()) {
            model.totals().ifPresent(totals -> groups.add(pipeline(model.model(), totals)));
            groups.addAll(new MatrixSeries(model.model(), List.of(), List.of(), model.views()).groups(settings));
            for (Map.Entry<Slice, Map<String, ModelView>> slice : heaviestFirst(model.viewsBySlice())) {
                Optional<List<String>> values = sliceLabels.valuesOf(slice.getKey());
                if (values.isEmpty()) {
                    // Written under an older slice.keys: its labels cannot be told apart from a current slice's.
                    log.debug("model {}: slice '{}' has a key that slice.keys no longer lists; not exported", model.model(), slice.getKey());
                    unmappable += distinctSeries(new MatrixSeries(model.model(), sliceLabels.labelNames(),
                            blankValues(), slice.getValue()).groups(settings));
                    continue;
                }
                groups.addAll(new MatrixSeries(model.model(), sliceLabels.labelNames(), values.get(), slice.getValue()).groups(settings));
            }
        }
        SeriesBudget.Admitted admitted = new SeriesBudget(capacity).admit(groups);
        return new Plan(admitted.series(), admitted.leftOut() + unmappable);
    }

    /** Pending and the pipeline counters of a model: a level and counts kept in its state. */
    private static SeriesGroup pipeline(String model, ModelTotals totals) {
        List<Series> series = new ArrayList<>();
        series.add(new Series(Family.aggregate(Metric.PENDING), List.of(model), totals.get(PipelineCounter.PENDING)));
        for (Metric counter : Metric.PIPELINE_COUNTERS) {
            series.add(new Series(Family.aggregate(counter), List.of(model), totals.get(counter.pipelineCounter())));
        }
        return new SeriesGroup(SeriesGroup.Tier.HEADLINE, series);
    }

    /** Slices with the most rows in the longest view first: under the cap the big slices keep their series. */
    private List<Map.Entry<Slice, Map<String, ModelView>>> heaviestFirst(Map<Slice, Map<String, ModelView>> bySlice) {
        List<Map.Entry<Slice, Map<String, ModelView>>> slices = new ArrayList<>(bySlice.entrySet());
        slices.sort(Comparator.<Map.Entry<Slice, Map<String, ModelView>>>comparingLong(e -> -weight(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        return slices;
    }

    private long weight(Map<String, ModelView> views) {
        ModelView longest = views.get(longestView);
        return longest == null ? 0 : longest.matrix().totalUnits();
    }

    private List<String> blankValues() {
        return sliceLabels.labelNames().stream().map(name -> "").toList();
    }

    private static int distinctSeries(List<SeriesGroup> groups) {
        Set<Series.Key> keys = new HashSet<>();
        groups.forEach(g -> g.series().forEach(s -> keys.add(s.key())));
        return keys.size();
    }
}
