package io.confmon.topology;

/**
 * A model's pipeline counters since the monitor started counting (they survive restarts: they are
 * state). Layout v1: {@code 0xF5 | counters (see Counters)}; 0.1.0: one zig-zag varint per counter
 * in its declaration order, told apart by its first byte, which is even (see {@link Formats}).
 */
public final class ModelTotals {
    private final Counters counts;

    private ModelTotals(Counters counts) {
        this.counts = counts;
    }

    public long get(PipelineCounter c) {
        return counts.get(c);
    }

    void add(DeltaBatch batch) {
        counts.addAll(batch.counters);
    }

    byte[] encode() {
        ByteWriter out = new ByteWriter(24).u8(Formats.V1);
        counts.write(out);
        return out.toBytes();
    }

    /** 0.1.0's layout: all 8 counters in its declaration order; written under {@code upgrade.from=0.1}. */
    byte[] encodeLegacy() {
        return new LegacyWriter().counters(counts).toBytes();
    }

    byte[] encode(UpgradeFrom upgradeFrom) {
        return upgradeFrom.writesZeroPointOne() ? encodeLegacy() : encode();
    }

    /** @param bytes a stored value, or null for a model with no totals yet (all zero) */
    public static ModelTotals decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) return new ModelTotals(new Counters());
        int version = bytes[0] & 0xFF;
        if (version == Formats.V1) return new ModelTotals(Counters.read(new ByteReader(bytes, 1)));
        if ((version & 1) == 0) return new ModelTotals(Counters.readLegacy(new LegacyReader(bytes)));
        throw Formats.unknownVersion("model totals", version);
    }
}
