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

    /** The stored value. Layout v1: {@code 0xF5 | body}; 0.1.0 (under a 0.1.0 key): the body's fields in its old codec. */
    public byte[] encode() {
        ByteWriter out = new ByteWriter(16 + 16 * cells.size()).u8(Formats.V1);
        writeBody(out);
        return out.toBytes();
    }

    /** Body: {@code zig-zag predictions | uvarint n | n x (str actual | str predicted | zig-zag units | zig-zag pairs)}, cells sorted. */
    void writeBody(ByteWriter out) {
        out.var(predictions).uvar(cells.size());
        cells.forEach((k, v) -> out.str(k.actual()).str(k.predicted()).var(v[0]).var(v[1]));
    }

    /** 0.1.0's value (see {@link #readLegacy}), written under {@code upgrade.from=0.1} with a 0.1.0 key. */
    public byte[] encodeLegacy() {
        LegacyWriter out = new LegacyWriter();
        out.var(predictions).var(cells.size());
        cells.forEach((k, v) -> out.str(k.actual()).str(k.predicted()).var(v[0]).var(v[1]));
        return out.toBytes();
    }

    /** Reads a stored value; {@code legacy} when its key is a 0.1.0 bucket key (0.1.0 values had no version byte). */
    public static BucketCells decode(byte[] bytes, boolean legacy) {
        if (legacy) return readLegacy(new LegacyReader(bytes));
        int version = bytes[0] & 0xFF;
        if (version != Formats.V1) throw Formats.unknownVersion("bucket cells", version);
        return readBody(new ByteReader(bytes, 1));
    }

    static BucketCells readBody(ByteReader in) {
        BucketCells b = new BucketCells();
        b.predictions = in.var();
        int n = in.size();
        for (int i = 0; i < n; i++) b.cells.put(new CellKey(in.str(), in.str()), new long[] {in.var(), in.var()});
        return b;
    }

    static BucketCells readLegacy(LegacyReader in) {
        BucketCells b = new BucketCells();
        b.predictions = in.var();
        long n = in.var();
        for (int i = 0; i < n; i++) b.cells.put(new CellKey(in.str(), in.str()), new long[] {in.var(), in.var()});
        return b;
    }
}
