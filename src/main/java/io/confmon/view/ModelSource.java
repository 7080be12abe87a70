package io.confmon.view;

import io.confmon.topology.ModelTotals;
import io.confmon.topology.Slice;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models this instance holds, read from its state: what gauges, snapshots and the local HTTP answers read. */
public interface ModelSource {
    /** Models whose state lives on this instance. */
    List<String> models();

    Optional<ModelTotals> totals(String model);

    /**
     * @param slice pairs a bucket's slice must hold (from {@link SliceQuery}); empty for every slice
     */
    ModelView view(String model, BucketRange range, Map<String, String> slice);

    /** The view split by slice ({@link Slice#NONE} for events without one), for sliced gauges. */
    Map<Slice, ModelView> viewsBySlice(String model, BucketRange range);
}
