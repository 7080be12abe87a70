package io.confmon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered side of the plan: a {@link MultiGauge} per gauge family and a
 * {@link FunctionCounter} per counter series, each reading a {@link SeriesValue} that a refresh
 * sets. Series of a class or pair that left the plan are removed from the registry, not left
 * with their last value.
 *
 * <p>Rows are registered with {@code overwrite=false} and every series keeps its value holder
 * for as long as it is exported: with {@code overwrite=true} the MultiGauge removes and adds
 * every series on every refresh, and a scrape that lands in between would miss series (a
 * Prometheus staleness marker, a gap in the graph, a {@code for:} timer of an alert reset).
 * Holders in {@link #values} are the strong references the gauges and counters read through.
 */
final class ExportedMeters {
    private final MeterRegistry registry;
    private final Map<Family, MultiGauge> gauges = new LinkedHashMap<>();
    private final Map<Series.Key, FunctionCounter> counters = new HashMap<>();
    private Map<Series.Key, SeriesValue> values = Map.of();

    /** @param families every family the binder may export: their MultiGauges are made once, here */
    ExportedMeters(MeterRegistry registry, List<Family> families) {
        this.registry = registry;
        for (Family f : families) {
            if (f.metric().kind() == Metric.Kind.GAUGE) {
                gauges.put(f, MultiGauge.builder(f.name()).description(f.description()).register(registry));
            }
        }
    }

    /** Makes {@code series} exactly what is exported: new ones added, values updated, the rest removed. */
    synchronized void publish(List<Series> series) {
        Map<Series.Key, SeriesValue> next = new HashMap<>(series.size() * 2);
        Map<Family, List<MultiGauge.Row<?>>> rows = new HashMap<>();
        for (Series s : series) {
            SeriesValue holder = values.get(s.key());
            if (holder == null) holder = new SeriesValue();
            holder.set(s.value());
            next.put(s.key(), holder);
            if (s.family().metric().kind() == Metric.Kind.GAUGE) {
                if (!gauges.containsKey(s.family())) throw new IllegalStateException("no MultiGauge for " + s.family().name());
                rows.computeIfAbsent(s.family(), f -> new ArrayList<>()).add(MultiGauge.Row.of(s.key().tags(), holder, SeriesValue::get));
            } else if (!counters.containsKey(s.key())) {
                counters.put(s.key(), FunctionCounter.builder(s.family().name(), holder, SeriesValue::get)
                        .description(s.family().description()).tags(s.key().tags()).register(registry));
            }
        }
        gauges.forEach((family, gauge) -> gauge.register(rows.getOrDefault(family, List.of()), false));
        counters.entrySet().removeIf(e -> {
            if (next.containsKey(e.getKey())) return false;
            registry.remove(e.getValue());
            return true;
        });
        values = next;
    }

    /** Removes every series (on close). */
    synchronized void removeAll() {
        publish(List.of());
    }

    int size() {
        return values.size();
    }
}
