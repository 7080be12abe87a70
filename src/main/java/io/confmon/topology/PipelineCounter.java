package io.confmon.topology;

import java.util.Locale;

/** The join's per-model counts, kept in state so a crash or replay neither loses nor repeats them. */
public enum PipelineCounter {
    JOINED, EXPIRED, ORPHAN_EXPIRED, LATE, DUPLICATE, CORRECTION, DEAD_LETTER,
    /** Not a count of events: the change in predictions waiting for a label. */
    PENDING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
