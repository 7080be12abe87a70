package io.confmon.topology;

/** A model's pipeline counters since the monitor started counting (they survive restarts: they are state). */
public final class ModelTotals {
    private final long[] counts = new long[PipelineCounter.values().length];

    public long get(PipelineCounter c) {
        return counts[c.ordinal()];
    }

    void add(DeltaBatch batch) {
        for (PipelineCounter c : PipelineCounter.values()) counts[c.ordinal()] += batch.counter(c);
    }

    byte[] encode() {
        Bin.Out out = new Bin.Out();
        for (long c : counts) out.var(c);
        return out.bytes();
    }

    public static ModelTotals decode(byte[] bytes) {
        ModelTotals t = new ModelTotals();
        if (bytes == null) return t;
        Bin.In in = new Bin.In(bytes);
        for (int i = 0; i < t.counts.length && in.more(); i++) t.counts[i] = in.var();
        return t;
    }
}
