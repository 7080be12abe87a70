package io.confmon.view;

import io.confmon.event.ClassSpace;
import io.confmon.event.ModelSettings;
import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.topology.BucketCells;
import io.confmon.topology.BucketKey;
import io.confmon.topology.Slice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
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
     * @param sliceFilter pairs a bucket's slice must hold (see {@link SliceQuery}), or empty for all slices
     */
    public ModelView read(ReadOnlyKeyValueStore<Bytes, byte[]> store, String model, BucketRange range, Map<String, String> sliceFilter) {
        BucketCells sum = new BucketCells();
        scan(store, model, range, (slice, cells) -> {
            if (slice.matches(sliceFilter)) sum.mergeFrom(cells);
        });
        return toView(model, range, sum);
    }

    /** The model's views over the range, one per slice ({@link Slice#NONE} for events without one). */
    public Map<Slice, ModelView> readBySlice(ReadOnlyKeyValueStore<Bytes, byte[]> store, String model, BucketRange range) {
        Map<Slice, BucketCells> sums = new TreeMap<>();
        scan(store, model, range, (slice, cells) -> sums.computeIfAbsent(slice, s -> new BucketCells()).mergeFrom(cells));
        Map<Slice, ModelView> views = new TreeMap<>();
        sums.forEach((slice, cells) -> views.put(slice, toView(model, range, cells)));
        return views;
    }

    /**
     * One range scan over the model's buckets in the range, handing each bucket's slice and cells
     * on; and one over the keys 0.1.0 wrote, until the bucket task has rewritten them (an empty
     * range then).
     */
    private static void scan(ReadOnlyKeyValueStore<Bytes, byte[]> store, String model, BucketRange range,
                             BiConsumer<Slice, BucketCells> visit) {
        long from = range.from() == null ? Long.MIN_VALUE : range.from();
        long last = range.to() == null ? Long.MAX_VALUE : range.to() - 1;
        scan(store, BucketKey.lowerBound(model, from), BucketKey.upperBound(model, last), model, range, visit);
        scan(store, BucketKey.legacyLowerBound(model, from), BucketKey.legacyUpperBound(model, last), model, range, visit);
    }

    private static void scan(ReadOnlyKeyValueStore<Bytes, byte[]> store, Bytes low, Bytes high, String model, BucketRange range,
                             BiConsumer<Slice, BucketCells> visit) {
        try (KeyValueIterator<Bytes, byte[]> it = store.range(low, high)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                BucketKey key = BucketKey.parse(kv.key);
                if (!key.model().equals(model) || !range.contains(key.bucket())) continue;
                visit.accept(key.slice(), BucketCells.decode(kv.value, key.legacy()));
            }
        }
    }

    /** The matrix of summed cells, as the contract lists the classes, with the expected matrices over the same classes. */
    public ModelView toView(String model, BucketRange range, BucketCells cells) {
        ClassIndex classes = classes(model, cells);
        ConfusionMatrix m = new ConfusionMatrix(classes);
        int other = classes.positionOrMinusOne(ClassIndex.OTHER);
        long[] labelled = {0};
        cells.forEach((actual, predicted, units, pairs) -> {
            m.add(position(classes, actual, other), position(classes, predicted, other), units);
            labelled[0] += pairs;
        });
        if (!cells.hasExpected()) return new ModelView(model, range, m, cells.predictions(), labelled[0]);
        ConfusionMatrix expected = new ConfusionMatrix(classes);
        ConfusionMatrix expectedLabelled = new ConfusionMatrix(classes);
        cells.forEachExpected((actual, predicted, all, ofLabelled) -> {
            int a = position(classes, actual, other);
            int p = position(classes, predicted, other);
            expected.add(a, p, all);
            expectedLabelled.add(a, p, ofLabelled);
        });
        return new ModelView(model, range, m, cells.predictions(), labelled[0], expected, expectedLabelled);
    }

    private static int position(ClassIndex classes, String name, int other) {
        int i = classes.positionOrMinusOne(name);
        return i < 0 ? other : i;
    }

    private ClassIndex classes(String model, BucketCells cells) {
        ClassSpace space = models.space(model);
        if (!space.isOpen()) return space.fixed();
        Map<String, Long> weight = new HashMap<>();
        BucketCells.CellVisitor weigh = (actual, predicted, units, ignored) -> {
            weight.merge(actual, units, Long::sum);
            weight.merge(predicted, units, Long::sum);
        };
        cells.forEach(weigh);
        // Before the labels, the expected matrix names the classes (its own rows count toward the cap).
        cells.forEachExpected(weigh);
        if (weight.size() <= classesMax) return ClassIndex.learned(weight.keySet());
        List<String> byWeight = new ArrayList<>(weight.keySet());
        byWeight.sort(Comparator.<String>comparingLong(c -> -weight.get(c)).thenComparing(Comparator.naturalOrder()));
        Set<String> kept = new HashSet<>(byWeight.subList(0, classesMax));
        kept.add(ClassIndex.OTHER);
        return ClassIndex.learned(kept);
    }
}
