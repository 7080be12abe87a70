package io.confmon.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * One exported metric name: a {@link Metric} as the aggregate over all slices, or its per-slice
 * twin {@code <name>_sliced} that also carries every configured slice key as a label. A separate
 * name keeps each name's label set fixed (the Prometheus client requires it) and keeps the
 * dashboards and alert rules, which select by name without slice labels, on the aggregate.
 */
record Family(Metric metric, List<String> sliceLabels) {
    static final String SLICED_SUFFIX = "_sliced";

    Family {
        sliceLabels = List.copyOf(sliceLabels);
    }

    static Family aggregate(Metric metric) {
        return new Family(metric, List.of());
    }

    boolean sliced() {
        return !sliceLabels.isEmpty();
    }

    String name() {
        return sliced() ? metric.prometheusName() + SLICED_SUFFIX : metric.prometheusName();
    }

    String description() {
        return sliced() ? metric.description() + ", per slice" : metric.description();
    }

    List<String> labelNames() {
        List<String> names = new ArrayList<>(metric.labels());
        names.addAll(sliceLabels);
        return names;
    }
}
