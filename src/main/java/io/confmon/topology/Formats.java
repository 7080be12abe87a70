package io.confmon.topology;

/**
 * The version bytes of confmon's stored and internal layouts (each layout class reads every
 * version it knows and states its own layout). A version byte is an odd byte from 0xF5 up: never
 * the first byte of UTF-8 text (so never of a 0.1.0 bucket key, which began with the model name),
 * never 1..3 (the type byte a 0.1.0 internal event or delta entry began with), never 0x00 or
 * 0x80 (a 0.1.0 join entry or expiry key began with an epoch-ms time below 2^56), and odd where a
 * 0.1.0 totals value began with the zig-zag varint of a count that is never negative (an even
 * byte). 0.1.0 wrote no version byte; its layouts are read by the {@code legacy} paths.
 * A new layout takes the next odd byte and comes with a reader for the ones before (V2, 0xF7: the
 * expected matrix; V3, 0xF9: delta entries carrying counters; V4, 0xFB: expiry index batches; the next is 0xFD).
 */
final class Formats {
    static final int V1 = 0xF5;
    /** Adds what the expected matrix needs (probabilities, expected cell sums) to the layouts that carry it. */
    static final int V2 = 0xF7;
    /** Delta entries carry the counters of the records that wrote them (one store write per record). */
    static final int V3 = 0xF9;
    /** The expiry index files a commit's ids in a few batch entries instead of one key per id. */
    static final int V4 = 0xFB;

    private Formats() {}

    static IllegalStateException unknownVersion(String layout, int version) {
        return new IllegalStateException(layout + ": unknown format version 0x" + Integer.toHexString(version)
                + " (written by a newer confmon? downgrades are not supported)");
    }
}
