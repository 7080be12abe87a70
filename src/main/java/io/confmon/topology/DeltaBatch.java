package io.confmon.topology;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the join sends to a model's bucket task in one flush: sparse cell deltas per bucket and
 * slice, and the changes of the pipeline counters. Small: a few records per model per flush.
 */
public final class DeltaBatch {
    /** A bucket of one slice: start time and the slice's sorted {@code k=v} pairs ("" for none). */
    public record BucketKey(long bucket, String slice) implements Comparable<BucketKey> {
        @Override
        public int compareTo(BucketKey o) {
            int c = Long.compare(bucket, o.bucket);
            return c != 0 ? c : slice.compareTo(o.slice);
        }
    }

    final TreeMap<BucketKey, BucketCells> buckets = new TreeMap<>();
    final long[] counters = new long[PipelineCounter.values().length];

    BucketCells bucket(long bucket, String slice) {
        return buckets.computeIfAbsent(new BucketKey(bucket, slice), k -> new BucketCells());
    }

    void count(PipelineCounter counter, long delta) {
        counters[counter.ordinal()] += delta;
    }

    public Map<BucketKey, BucketCells> buckets() {
        return buckets;
    }

    public long counter(PipelineCounter c) {
        return counters[c.ordinal()];
    }

    byte[] encode() {
        Bin.Out out = new Bin.Out();
        for (long c : counters) out.var(c);
        out.var(buckets.size());
        buckets.forEach((k, cells) -> {
            byte[] b = cells.encode();
            out.i64(k.bucket()).str(k.slice()).var(b.length);
            for (byte x : b) out.u8(x);
        });
        return out.bytes();
    }

    static DeltaBatch decode(byte[] bytes) {
        DeltaBatch d = new DeltaBatch();
        Bin.In in = new Bin.In(bytes);
        for (int i = 0; i < d.counters.length; i++) d.counters[i] = in.var();
        long n = in.var();
        for (int i = 0; i < n; i++) {
            long bucket = in.i64();
            String slice = in.str();
            byte[] b = new byte[(int) in.var()];
            for (int j = 0; j < b.length; j++) b[j] = (byte) in.u8();
            d.buckets.put(new BucketKey(bucket, slice), BucketCells.decode(b));
        }
        return d;
    }
}
