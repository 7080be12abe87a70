package io.confmon.metrics;

import io.confmon.topology.ModelTotals;
import io.confmon.topology.Slice;
import io.confmon.view.ModelView;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models this instance holds as one refresh read them, all views at one clock reading, so
 * every gauge of a scrape comes from the same moment.
 */
record Snapshot(long readAtMs, List<ModelSnapshot> models) {
    Snapshot {
        models = List.copyOf(models);
    }

    /**
     * @param views        view name -> the view over all slices, in the configured order of views
     * @param viewsBySlice slice ({@link Slice#NONE} for events without one) -> view name -> its view;
     *                     empty without configured slice keys
     */
    record ModelSnapshot(String model, Optional<ModelTotals> totals, Map<String, ModelView> views,
                         Map<Slice, Map<String, ModelView>> viewsBySlice) {}
}
