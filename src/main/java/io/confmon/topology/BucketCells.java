package io.confmon.topology;

import java.util.Map;
import java.util.TreeMap;

/**
 * One bucket's matrix for one model and slice, sparse (at large K almost every cell of a
 * one-minute bucket is zero): weighted units and the number of pairs per cell, and how many
 * predictions fell in the bucket (for label coverage). Sorted, so equal state encodes to equal bytes:
 * a replay gives byte-identical buckets.
 */
public final class BucketCells {
    /** units and pair count of a cell. */
    public record Count(long units, long pairs) {}

    private final TreeMap<CellKey, long[]> cells = new TreeMap<>();
    private long predictions;

    public void add(String actual, String predicted, long units, long pairs) {
        long[] c = cells.computeIfAbsent(new CellKey(actual, predicted), k -> new long[2]);
        c[0] += units;
        c[1] += pairs;
        if (c[0] == 0 && c[1] == 0) cells.remove(new CellKey(actual, predicted));
    }

    public void addPredictions(long n) {
        predictions += n;
    }

    public long predictions() {
        return predictions;
    }

    public boolean isEmpty() {
        return cells.isEmpty() && predictions == 0;
    }

    /** Visits every non-empty cell: actual, predicted, units, pairs. */
    public void forEach(CellVisitor visitor) {
        for (Map.Entry<CellKey, long[]> e : cells.entrySet()) {
            visitor.visit(e.getKey().actual(), e.getKey().predicted(), e.getValue()[0], e.getValue()[1]);
        }
    }

    @FunctionalInterface
    public interface CellVisitor {
        void visit(String actual, String predicted, long units, long pairs);
    }

    public void mergeFrom(BucketCells other) {
        other.forEach(this::add);
        predictions += other.predictions;
    }

    public byte[] encode() {
        Bin.Out out = new Bin.Out();
        out.var(predictions).var(cells.size());
        cells.forEach((k, v) -> out.str(k.actual()).str(k.predicted()).var(v[0]).var(v[1]));
        return out.bytes();
    }

    public static BucketCells decode(byte[] bytes) {
        BucketCells b = new BucketCells();
        Bin.In in = new Bin.In(bytes);
        b.predictions = in.var();
        long n = in.var();
        for (int i = 0; i < n; i++) b.cells.put(new CellKey(in.str(), in.str()), new long[] {in.var(), in.var()});
        return b;
    }
}
