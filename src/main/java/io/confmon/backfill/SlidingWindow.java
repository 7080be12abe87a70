package io.confmon.backfill;

import io.confmon.topology.BucketCells;
import io.confmon.topology.Slice;
import io.confmon.view.BucketRange;
import java.util.Map;
import java.util.TreeMap;

/**
 * One rolling view of one model moved forward through time: the buckets entering the range are
 * added and those leaving it subtracted, so each bucket is read twice however long the view, and a
 * month at one-minute steps costs the buckets of the month, not steps x buckets per view. Sums are
 * integers (weight units), so adding and subtracting gives exactly the sum a fresh read gives.
 */
final class SlidingWindow implements AutoCloseable {
    private final BucketCursor entering;
    private final BucketCursor leaving;
    private final ClassRenames renames;
    private final BucketCells all = new BucketCells();
    private final Map<Slice, BucketCells> bySlice = new TreeMap<>();
    private BucketRange range;

    SlidingWindow(BucketCursor entering, BucketCursor leaving, ClassRenames renames, long start) {
        this.entering = entering;
        this.leaving = leaving;
        this.renames = renames;
        this.range = new BucketRange(start, start);
    }

    /** Moves the window to {@code next}, which must not start or end before the current range. */
    void moveTo(BucketRange next) {
        if (next.from() < range.from() || next.to() < range.to()) {
            throw new IllegalArgumentException("a sliding window only moves forward: " + range + " -> " + next);
        }
        while (entering.peekStart() < next.to()) {
            Slice slice = entering.peekSlice();
            add(slice, entering.take(), 1);
        }
        while (leaving.peekStart() < next.from()) {
            Slice slice = leaving.peekSlice();
            add(slice, leaving.take(), -1);
        }
        range = next;
    }

    private void add(Slice slice, BucketCells cells, int sign) {
        BucketCells sliced = bySlice.computeIfAbsent(slice, s -> new BucketCells());
        cells.forEach((actual, predicted, units, pairs) -> {
            String a = renames.apply(actual);
            String p = renames.apply(predicted);
            all.add(a, p, sign * units, sign * pairs);
            sliced.add(a, p, sign * units, sign * pairs);
        });
        all.addPredictions(sign * cells.predictions());
        sliced.addPredictions(sign * cells.predictions());
        if (sliced.isEmpty()) bySlice.remove(slice);
    }

    BucketRange range() {
        return range;
    }

    BucketCells all() {
        return all;
    }

    Map<Slice, BucketCells> bySlice() {
        return bySlice;
    }

    @Override
    public void close() {
        entering.close();
        leaving.close();
    }
}
