package io.confmon.view;

import io.confmon.topology.ModelTotals;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models this instance holds, read from its state: what gauges, snapshots and the local HTTP answers read. */
public interface ModelSource {
    /** Models whose state lives on this instance. */
    List<String> models();

    Optional<ModelTotals> totals(String model);

    ModelView view(String model, BucketRange range, Map<String, String> slice);

    /** The view split by slice ({@code "k=v,k2=v2"}, "" for events without a slice), for sliced gauges. */
    Map<String, ModelView> viewsBySlice(String model, BucketRange range);
}
