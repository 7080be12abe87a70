package io.confmon.evaluate;

/** Parses one line of the input into a {@link Row}; throws {@link io.confmon.event.Rejection} saying what is wrong. */
interface LineFormat {
    void parse(byte[] buffer, int offset, int length, Row row);

    /** A new instance for another worker thread (parsers keep per-thread state). */
    LineFormat copy();
}
