package io.confmon.topology;

/**
 * A set of pipeline counter values and their one stored form, shared by the totals, the delta
 * buffer and the by-model batches: {@code uvarint n | n x (uvarint code | zig-zag varint value)},
 * the non-zero counters in code order (explicit codes: no dependence on declaration order).
 */
final class Counters {
    private static final PipelineCounter[] CODE_ORDER = java.util.Arrays.stream(PipelineCounter.values())
            .sorted(java.util.Comparator.comparingInt(c -> c.code)).toArray(PipelineCounter[]::new);

    private final long[] byOrdinal = new long[PipelineCounter.values().length];

    long get(PipelineCounter c) {
        return byOrdinal[c.ordinal()];
    }

    void add(PipelineCounter c, long delta) {
        byOrdinal[c.ordinal()] += delta;
    }

    void addAll(Counters other) {
        for (int i = 0; i < byOrdinal.length; i++) byOrdinal[i] += other.byOrdinal[i];
    }

    boolean isZero() {
        for (long v : byOrdinal) if (v != 0) return false;
        return true;
    }

    void write(ByteWriter out) {
        int n = 0;
        for (long v : byOrdinal) if (v != 0) n++;
        out.uvar(n);
        for (PipelineCounter c : CODE_ORDER) {
            if (byOrdinal[c.ordinal()] != 0) out.uvar(c.code).var(byOrdinal[c.ordinal()]);
        }
    }

    /** Reads {@link #write}'s form; a code this version does not know (a newer counter) is skipped. */
    static Counters read(ByteReader in) {
        Counters c = new Counters();
        int n = in.size();
        for (int i = 0; i < n; i++) {
            PipelineCounter counter = PipelineCounter.ofCode(in.uvar());
            long value = in.var();
            if (counter != null) c.add(counter, value);
        }
        return c;
    }

    /** 0.1.0's form: one zig-zag varint per counter in its declaration order, possibly fewer. */
    static Counters readLegacy(LegacyReader in) {
        Counters c = new Counters();
        for (PipelineCounter counter : PipelineCounter.LEGACY_ORDER) {
            if (!in.more()) break;
            c.add(counter, in.var());
        }
        return c;
    }
}
