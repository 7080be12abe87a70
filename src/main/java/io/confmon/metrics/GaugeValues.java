package io.confmon.metrics;

import io.confmon.view.ModelSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The gauges {@link ConfusionMeterBinder#refresh()} would export at a given clock reading, for
 * writers other than the meter registry (the backfill's OpenMetrics history): the same reader,
 * planner and series cap, so a past value equals what the live gauge showed for the same state.
 * Counters are left out: they count from the monitor's start, not over a view.
 */
public final class GaugeValues {
    /** One gauge series and its value. */
    public record Sample(String name, String help, List<String> labelNames, List<String> labelValues, double value) {}

    private final SnapshotReader reader;
    private final SeriesPlanner planner;
    private final MetricsSettings settings;

    public GaugeValues(ModelSource source, MetricsSettings settings) {
        // A replay has no configured models to announce at 0: only what its buckets hold.
        this.reader = new SnapshotReader(source, settings, java.util.List::of);
        this.planner = new SeriesPlanner(settings, new SliceLabels(settings.sliceKeys()));
        this.settings = settings;
    }

    public List<Sample> at(long nowMs) {
        SeriesPlanner.Plan plan = planner.plan(reader.read(nowMs), settings.maxSeries() - ConfusionMeterBinder.OWN_SERIES);
        List<Sample> samples = new ArrayList<>(plan.series().size());
        for (Series s : plan.series()) {
            Family f = s.family();
            if (f.metric().kind() != Metric.Kind.GAUGE) continue;
            samples.add(new Sample(f.name(), f.description(), f.labelNames(), s.key().labelValues(), s.value()));
        }
        return samples;
    }
}
