package io.confmon.backfill;

import io.confmon.app.Config;
import io.confmon.topology.ModelTotals;
import io.confmon.topology.Slice;
import io.confmon.view.BucketRange;
import io.confmon.view.MatrixReader;
import io.confmon.view.ModelSource;
import io.confmon.view.ModelView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The replayed models as the live gauges would have read them at a past moment: every rolling view
 * of every model as a {@link SlidingWindow}, moved forward with {@link #moveTo}. Answers only the
 * ranges the views cover at that moment (what the metrics' snapshot reader asks), and no pipeline
 * totals: those are counts since a monitor started, not a function of a past moment.
 */
final class ReplayedViews implements ModelSource, AutoCloseable {
    private final MatrixReader reader;
    private final List<Config.View> views;
    private final long bucketMs;
    private final List<String> models;
    private final Map<String, Map<Long, SlidingWindow>> windows = new TreeMap<>();

    /** @param start the first moment {@link #moveTo} will be given */
    ReplayedViews(ReadOnlyKeyValueStore<Bytes, byte[]> buckets, MatrixReader reader, List<String> models, List<Config.View> views,
                  long bucketMs, Map<String, ClassRenames> renames, long start) {
        this.reader = reader;
        this.views = List.copyOf(views);
        this.bucketMs = bucketMs;
        this.models = List.copyOf(models);
        for (String model : models) {
            Map<Long, SlidingWindow> byLength = new LinkedHashMap<>();
            for (Config.View v : views) {
                long from = BucketRange.last(v.millis(), start, bucketMs).from();
                ClassRenames r = renames.getOrDefault(model, ClassRenames.NONE);
                byLength.putIfAbsent(v.millis(), new SlidingWindow(new BucketCursor(buckets, model, from),
                        new BucketCursor(buckets, model, from), r, from));
            }
            windows.put(model, byLength);
        }
    }

    /** Moves every view to what it covers at {@code nowMs}; moments must not go back. */
    void moveTo(long nowMs) {
        for (Map<Long, SlidingWindow> byLength : windows.values()) {
            byLength.forEach((length, w) -> w.moveTo(BucketRange.last(length, nowMs, bucketMs)));
        }
    }

    @Override
    public List<String> models() {
        return models;
    }

    @Override
    public java.util.Optional<ModelTotals> totals(String model) {
        return java.util.Optional.empty();
    }

    @Override
    public ModelView view(String model, BucketRange range, Map<String, String> slice) {
        if (!slice.isEmpty()) throw new UnsupportedOperationException("replayed views are read whole or by slice, not filtered");
        SlidingWindow w = window(model, range);
        return reader.toView(model, range, w.all());
    }

    @Override
    public Map<Slice, ModelView> viewsBySlice(String model, BucketRange range) {
        SlidingWindow w = window(model, range);
        Map<Slice, ModelView> out = new LinkedHashMap<>();
        w.bySlice().forEach((slice, cells) -> out.put(slice, reader.toView(model, range, cells)));
        return out;
    }

    private SlidingWindow window(String model, BucketRange range) {
        Map<Long, SlidingWindow> byLength = windows.get(model);
        if (byLength != null) {
            for (SlidingWindow w : byLength.values()) {
                if (w.range().equals(range)) return w;
            }
        }
        throw new IllegalArgumentException("no replayed view of " + model + " covers " + range + " now");
    }

    @Override
    public void close() {
        List<RuntimeException> errors = new ArrayList<>();
        windows.values().forEach(m -> m.values().forEach(w -> {
            try {
                w.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }));
        if (!errors.isEmpty()) throw errors.get(0);
    }
}
