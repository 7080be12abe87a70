package io.confmon.topology;

import java.util.Map;
import java.util.TreeMap;

/**
 * One bucket's matrix for one model and slice, sparse (at large K almost every cell of a
 * one-minute bucket is zero): per cell the weighted units and the number of pairs counted, and the
 * expected units from the predictions' probabilities, over every prediction and over the labelled
 * ones; and how many predictions fell in the bucket (for label coverage). Sorted, so equal state
 * encodes to equal bytes: a replay gives byte-identical buckets.
 */
public final class BucketCells {
    private static final int UNITS = 0;
    private static final int PAIRS = 1;
    private static final int EXPECTED = 2;
    private static final int EXPECTED_LABELLED = 3;

    private final TreeMap<CellKey, long[]> cells = new TreeMap<>();
    private long predictions;

    public void add(String actual, String predicted, long units, long pairs) {
        add(actual, predicted, units, pairs, 0, 0);
    }

    /** Adds expected units of a cell: over every prediction, and over the labelled ones. */
    public void addExpected(String actual, String predicted, long expected, long expectedLabelled) {
        add(actual, predicted, 0, 0, expected, expectedLabelled);
    }

    private void add(String actual, String predicted, long units, long pairs, long expected, long expectedLabelled) {
        CellKey key = new CellKey(actual, predicted);
        long[] c = cells.computeIfAbsent(key, k -> new long[4]);
        c[UNITS] += units;
        c[PAIRS] += pairs;
        c[EXPECTED] += expected;
        c[EXPECTED_LABELLED] += expectedLabelled;
        if (c[UNITS] == 0 && c[PAIRS] == 0 && c[EXPECTED] == 0 && c[EXPECTED_LABELLED] == 0) cells.remove(key);
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

    /** Visits every cell that has a counted pair or units: actual, predicted, units, pairs. */
    public void forEach(CellVisitor visitor) {
        for (Map.Entry<CellKey, long[]> e : cells.entrySet()) {
            long[] c = e.getValue();
            if (c[UNITS] != 0 || c[PAIRS] != 0) visitor.visit(e.getKey().actual(), e.getKey().predicted(), c[UNITS], c[PAIRS]);
        }
    }

    /** Visits every cell with expected units: actual, predicted, expected over all predictions, expected over the labelled ones. */
    public void forEachExpected(CellVisitor visitor) {
        for (Map.Entry<CellKey, long[]> e : cells.entrySet()) {
            long[] c = e.getValue();
            if (c[EXPECTED] != 0 || c[EXPECTED_LABELLED] != 0) {
                visitor.visit(e.getKey().actual(), e.getKey().predicted(), c[EXPECTED], c[EXPECTED_LABELLED]);
            }
        }
    }

    /** Whether any prediction in the bucket had probabilities (the matrix document then carries the expected matrix). */
    public boolean hasExpected() {
        for (long[] c : cells.values()) {
            if (c[EXPECTED] != 0 || c[EXPECTED_LABELLED] != 0) return true;
        }
        return false;
    }

    @FunctionalInterface
    public interface CellVisitor {
        void visit(String actual, String predicted, long first, long second);
    }

    public void mergeFrom(BucketCells other) {
        for (Map.Entry<CellKey, long[]> e : other.cells.entrySet()) {
            long[] c = e.getValue();
            add(e.getKey().actual(), e.getKey().predicted(), c[UNITS], c[PAIRS], c[EXPECTED], c[EXPECTED_LABELLED]);
        }
        predictions += other.predictions;
    }

    /** The stored value. Layout v2: {@code 0xF7 | body}; v1 ({@code 0xF5 | v1 body}) and 0.1.0's (under a 0.1.0 key) are still read. */
    public byte[] encode() {
        ByteWriter out = new ByteWriter(16 + 20 * cells.size()).u8(Formats.V2);
        writeBody(out);
        return out.toBytes();
    }

    /**
     * Body v2: {@code zig-zag predictions | uvarint n | n x (str actual | str predicted | zig-zag units | zig-zag pairs
     * | zig-zag expected | zig-zag expected-labelled)}, cells sorted. The v1 body lacks the two expected sums.
     */
    void writeBody(ByteWriter out) {
        out.var(predictions).uvar(cells.size());
        cells.forEach((k, v) -> out.str(k.actual()).str(k.predicted()).var(v[UNITS]).var(v[PAIRS]).var(v[EXPECTED]).var(v[EXPECTED_LABELLED]));
    }

    /**
     * 0.1.0's value (see {@link #readLegacy}), written under {@code upgrade.from=0.1} with a 0.1.0
     * key. It has no room for expected units: while 0.1.0 instances may read the store, the
     * expected matrix is not kept.
     */
    public byte[] encodeLegacy() {
        LegacyWriter out = new LegacyWriter();
        TreeMap<CellKey, long[]> counted = new TreeMap<>();
        cells.forEach((k, v) -> {
            if (v[UNITS] != 0 || v[PAIRS] != 0) counted.put(k, v);
        });
        out.var(predictions).var(counted.size());
        counted.forEach((k, v) -> out.str(k.actual()).str(k.predicted()).var(v[UNITS]).var(v[PAIRS]));
        return out.toBytes();
    }

    /** Reads a stored value; {@code legacy} when its key is a 0.1.0 bucket key (0.1.0 values had no version byte). */
    public static BucketCells decode(byte[] bytes, boolean legacy) {
        if (legacy) return readLegacy(new LegacyReader(bytes));
        int version = bytes[0] & 0xFF;
        if (version != Formats.V1 && version != Formats.V2) throw Formats.unknownVersion("bucket cells", version);
        return readBody(new ByteReader(bytes, 1), version);
    }

    static BucketCells readBody(ByteReader in, int version) {
        BucketCells b = new BucketCells();
        b.predictions = in.var();
        int n = in.size();
        for (int i = 0; i < n; i++) {
            CellKey key = new CellKey(in.str(), in.str());
            long units = in.var();
            long pairs = in.var();
            b.cells.put(key, version == Formats.V2 ? new long[] {units, pairs, in.var(), in.var()} : new long[] {units, pairs, 0, 0});
        }
        return b;
    }

    static BucketCells readLegacy(LegacyReader in) {
        BucketCells b = new BucketCells();
        b.predictions = in.var();
        long n = in.var();
        for (int i = 0; i < n; i++) b.cells.put(new CellKey(in.str(), in.str()), new long[] {in.var(), in.var(), 0, 0});
        return b;
    }
}
