package io.confmon.metrics;

import io.confmon.app.Config;
import io.confmon.topology.Slice;
import io.confmon.view.BucketRange;
import io.confmon.view.ModelSource;
import io.confmon.view.ModelView;
import io.confmon.view.NotReadyException;
import io.confmon.topology.ModelTotals;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Reads every local model's views once, for all the gauges of a refresh. */
final class SnapshotReader {
    private final ModelSource source;
    private final MetricsSettings settings;
    private final Supplier<Collection<String>> knownLocalModels;

    /**
     * @param knownLocalModels configured models this instance would hold: exported with their
     *                         pipeline counters at 0 until they have state, so that the first
     *                         increase of a counter is seen by {@code increase()}
     */
    SnapshotReader(ModelSource source, MetricsSettings settings, Supplier<Collection<String>> knownLocalModels) {
        this.source = source;
        this.settings = settings;
        this.knownLocalModels = knownLocalModels;
    }

    /**
     * Reads everything or nothing: a store that is not queryable throws, and the caller keeps
     * the previous snapshot rather than export a partial one.
     *
     * @throws NotReadyException while the state restores or moves
     */
    Snapshot read(long nowMs) {
        List<Snapshot.ModelSnapshot> models = new ArrayList<>();
        Set<String> withState = new TreeSet<>(source.models());
        for (String model : new TreeSet<>(knownLocalModels.get())) {
            if (!withState.contains(model)) models.add(new Snapshot.ModelSnapshot(model, Optional.of(ModelTotals.decode(null)), Map.of(), Map.of()));
        }
        for (String model : withState) {
            Map<String, ModelView> views = new LinkedHashMap<>();
            Map<Slice, Map<String, ModelView>> bySlice = new TreeMap<>();
            for (Config.View v : settings.views()) {
                BucketRange range = BucketRange.last(v.millis(), nowMs, settings.bucketMs());
                views.put(v.name(), source.view(model, range, Map.of()));
                if (!settings.sliceKeys().isEmpty()) {
                    source.viewsBySlice(model, range).forEach((slice, view) ->
                            bySlice.computeIfAbsent(slice, s -> new LinkedHashMap<>()).put(v.name(), view));
                }
            }
            models.add(new Snapshot.ModelSnapshot(model, source.totals(model), views, bySlice));
        }
        return new Snapshot(nowMs, models);
    }
}
