package io.confmon.metrics;

import io.confmon.app.Config;
import io.confmon.topology.Slice;
import io.confmon.view.BucketRange;
import io.confmon.view.ModelSource;
import io.confmon.view.ModelView;
import io.confmon.view.NotReadyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads every local model's views once, for all the gauges of a refresh. */
final class SnapshotReader {
    private final ModelSource source;
    private final MetricsSettings settings;

    SnapshotReader(ModelSource source, MetricsSettings settings) {
        this.source = source;
        this.settings = settings;
    }

    /**
     * Reads everything or nothing: a store that is not queryable throws, and the caller keeps
     * the previous snapshot rather than export a partial one.
     *
     * @throws NotReadyException while the state restores or moves
     */
    Snapshot read(long nowMs) {
        List<Snapshot.ModelSnapshot> models = new ArrayList<>();
        for (String model : new TreeSet<>(source.models())) {
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
