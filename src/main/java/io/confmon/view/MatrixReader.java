package io.confmon.view;

import io.confmon.event.ClassSpace;
import io.confmon.event.ModelSettings;
import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.topology.BucketCells;
import io.confmon.topology.BucketKeys;
import io.confmon.topology.DeltaBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a model's matrix over a range from its bucket store: one range scan, cells summed exactly.
 * The class list is the model's configured one, or the classes seen in the range (ordered as the
 * contract says); past {@code classes.max}, the classes with the most weight are kept apart and
 * the rest counted together as {@code __other__} (a function of the data, so a replay agrees).
 */
public final class MatrixReader {
    private final ModelSettings models;
    private final int classesMax;

    public MatrixReader(ModelSettings models, int classesMax) {
        this.models = models;
        this.classesMax = classesMax;
    }

    /**
     * @param sliceFilter {@code key=value} pairs a bucket's slice must hold, or empty for all slices
     */
    public ModelView read(ReadOnlyKeyValueStore<Bytes, byte[]> store, String model, BucketRange range, Map<String, String> sliceFilter) {
        BucketCells sum = new BucketCells();
        scan(store, model, range, (slice, cells) -> {
            if (sliceMatches(slice, sliceFilter)) sum.mergeFrom(cells);
        });
        return toView(model, range, sum);
    }

    /** The model's views over the range, one per slice ("" for no slice). */
    public Map<String, ModelView> readBySlice(ReadOnlyKeyValueStore<Bytes, byte[]> store, String model, BucketRange range) {
        Map<String, BucketCells> sums = new TreeMap<>();
        scan(store, model, range, (slice, cells) -> sums.computeIfAbsent(slice, s -> new BucketCells()).mergeFrom(cells));
        Map<String, ModelView> views = new TreeMap<>();
        sums.forEach((slice, cells) -> views.put(slice, toView(model, range, cells)));
        return views;
    }

    /** One range scan over the model's buckets in the range, handing each bucket's slice and cells on. */
    private static void scan(ReadOnlyKeyValueStore<Bytes, byte[]> store, String model, BucketRange range,
                             java.util.function.BiConsumer<String, BucketCells> visit) {
        Bytes low = BucketKeys.lowerBound(model, range.from() == null ? Long.MIN_VALUE : range.from());
        Bytes high = BucketKeys.upperBound(model, range.to() == null ? Long.MAX_VALUE : range.to() - 1);
        try (KeyValueIterator<Bytes, byte[]> it = store.range(low, high)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (!BucketKeys.modelOf(kv.key).equals(model) || !range.contains(BucketKeys.bucketOf(kv.key))) continue;
                visit.accept(BucketKeys.sliceOf(kv.key), BucketCells.decode(kv.value));
            }
        }
    }

    /** The matrix of summed cells, as the contract lists the classes. */
    public ModelView toView(String model, BucketRange range, BucketCells cells) {
        ClassIndex classes = classes(model, cells);
        ConfusionMatrix m = new ConfusionMatrix(classes);
        int other = classes.positionOrMinusOne(ClassIndex.OTHER);
        long[] labelled = {0};
        cells.forEach((actual, predicted, units, pairs) -> {
            int a = classes.positionOrMinusOne(actual);
            int p = classes.positionOrMinusOne(predicted);
            m.add(a < 0 ? other : a, p < 0 ? other : p, units);
            labelled[0] += pairs;
        });
        return new ModelView(model, range, m, cells.predictions(), labelled[0]);
    }

    private ClassIndex classes(String model, BucketCells cells) {
        ClassSpace space = models.space(model);
        if (!space.isOpen()) return space.fixed();
        Map<String, Long> weight = new HashMap<>();
        cells.forEach((actual, predicted, units, pairs) -> {
            weight.merge(actual, units, Long::sum);
            weight.merge(predicted, units, Long::sum);
        });
        if (weight.size() <= classesMax) return ClassIndex.learned(weight.keySet());
        List<String> byWeight = new ArrayList<>(weight.keySet());
        byWeight.sort(Comparator.<String>comparingLong(c -> -weight.get(c)).thenComparing(Comparator.naturalOrder()));
        Set<String> kept = new HashSet<>(byWeight.subList(0, classesMax));
        kept.add(ClassIndex.OTHER);
        return ClassIndex.learned(kept);
    }

    static boolean sliceMatches(String slice, Map<String, String> filter) {
        if (filter.isEmpty()) return true;
        Map<String, String> pairs = new TreeMap<>();
        if (!slice.isEmpty()) {
            for (String kv : slice.split(",")) {
                int eq = kv.indexOf('=');
                pairs.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        for (Map.Entry<String, String> f : filter.entrySet()) {
            if (!f.getValue().equals(pairs.get(f.getKey()))) return false;
        }
        return true;
    }

    /** Exposed for tests that compare buckets byte for byte. */
    public static DeltaBatch.BucketKey bucketKeyOf(Bytes key) {
        return new DeltaBatch.BucketKey(BucketKeys.bucketOf(key), BucketKeys.sliceOf(key));
    }
}
