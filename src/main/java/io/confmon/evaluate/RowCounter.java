package io.confmon.evaluate;

import io.confmon.event.ClassDecoder;
import io.confmon.event.ClassSpace;
import io.confmon.event.RejectReason;
import io.confmon.event.Rejection;
import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ClassLearner;
import io.confmon.matrix.ConfusionMatrix;
import java.util.Arrays;

/**
 * Counts decoded rows into a matrix, one per worker thread. With a class list the matrix is dense
 * from the start; without one, classes get dense ids in order of first sight and the matrix grows,
 * and {@link #matrix()} lists them as the contract orders them.
 */
final class RowCounter {
    private final Columns columns;
    private final ClassSpace space;
    private final double threshold;
    private final ClassLearner learner;
    private int capacity;
    private long[] cells;

    RowCounter(Columns columns, ClassSpace space, double threshold) {
        this.columns = columns;
        this.space = space;
        this.threshold = threshold;
        this.learner = space.isOpen() ? new ClassLearner(Integer.MAX_VALUE) : null;
        this.capacity = space.isOpen() ? 16 : space.fixed().size();
        this.cells = new long[capacity * capacity];
    }

    void count(Row row) {
        if (row.actual == null) throw rowError("no '" + columns.actual() + "' value; name your column with --actual-column");
        if (columns.weightRequired() && !row.weightSeen && row.weight == null) {
            throw rowError("no '" + columns.weight() + "' value");
        }
        String actual = ClassDecoder.decode(row.actual, space, threshold, columns.actual());
        String predicted = ClassDecoder.decodePrediction(row.predicted, row.scores, space, threshold,
                columns.predicted(), columns.scores());
        long units = ClassDecoder.weightUnits(row.weight, columns.weight());
        int a = idOf(actual);
        int p = idOf(predicted);
        cells[a * capacity + p] += units;
    }

    private int idOf(String name) {
        if (learner == null) return space.fixed().positionOrMinusOne(name);
        int id = learner.idOf(name);
        if (id >= capacity) grow(id + 1);
        return id;
    }

    private void grow(int needed) {
        int bigger = Math.max(needed, capacity * 2);
        long[] grown = new long[bigger * bigger];
        for (int a = 0; a < capacity; a++) System.arraycopy(cells, a * capacity, grown, a * bigger, capacity);
        cells = grown;
        capacity = bigger;
    }

    /** The counts so far, over the classes this counter has seen (or the class list). */
    ConfusionMatrix matrix() {
        ClassIndex classes = learner == null ? space.fixed() : ClassIndex.of(Arrays.asList(learner.namesById()));
        ConfusionMatrix m = new ConfusionMatrix(classes);
        int k = classes.size();
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                long v = cells[a * capacity + p];
                if (v != 0) m.add(a, p, v);
            }
        }
        return m;
    }

    private static Rejection rowError(String detail) {
        return new Rejection(RejectReason.INVALID, detail);
    }
}
