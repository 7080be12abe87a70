package io.confmon.topology;

import java.util.Locale;

/**
 * The join's per-model counts, kept in state so a crash or replay neither loses nor repeats them.
 * Stored by {@link #code}, which never changes: declaration order is free to change, a new
 * counter takes a new code.
 */
public enum PipelineCounter {
    JOINED(1), EXPIRED(2), ORPHAN_EXPIRED(3), LATE(4), DUPLICATE(5), CORRECTION(6), DEAD_LETTER(7),
    /** Not a count of events: the change in predictions waiting for a label. */
    PENDING(8);

    /** The order 0.1.0 stored the counters in (its declaration order then), for its unversioned layouts. */
    static final PipelineCounter[] LEGACY_ORDER = {JOINED, EXPIRED, ORPHAN_EXPIRED, LATE, DUPLICATE, CORRECTION, DEAD_LETTER, PENDING};

    private static final PipelineCounter[] BY_CODE = new PipelineCounter[9];

    static {
        for (PipelineCounter c : values()) BY_CODE[c.code] = c;
    }

    /** The stored code. */
    final int code;

    PipelineCounter(int code) {
        this.code = code;
    }

    /** The counter of a stored code, or null for a code this version does not know. */
    static PipelineCounter ofCode(long code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
