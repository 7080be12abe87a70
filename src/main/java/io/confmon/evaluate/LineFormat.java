package io.confmon.evaluate;

import io.confmon.event.Rejection;

/** Parses the lines of the input into {@link Row}s; a bad line becomes a {@link LineRejection} carrying its line number. */
interface LineFormat {
    void parse(byte[] buffer, int offset, int length, Row row);

    /** A new instance for another worker thread (parsers keep per-thread state). */
    LineFormat copy();

    /** Receives each parsed row; may reject it (a class out of range, a bad weight). */
    interface RowSink {
        void accept(Row row);
    }

    /** A rejected line of a block, 1-based within the block. */
    final class LineRejection extends RuntimeException {
        final int line;

        LineRejection(int line, String detail) {
            super(detail, null, false, false);
            this.line = line;
        }
    }

    /**
     * Hands every non-blank line of {@code data[0..end)} to {@code sink} and returns the number of
     * lines in it. The default cuts lines and parses each on its own; a format may parse a whole
     * block at once when that is faster.
     */
    default int forEachRow(byte[] data, int end, Row row, RowSink sink) {
        int line = 0;
        int start = 0;
        while (start < end) {
            int nl = start;
            while (nl < end && data[nl] != '\n') nl++;
            line++;
            int stop = nl > start && data[nl - 1] == '\r' ? nl - 1 : nl;
            if (!isBlank(data, start, stop)) {
                row.clear();
                try {
                    parse(data, start, stop - start, row);
                    sink.accept(row);
                } catch (Rejection r) {
                    throw new LineRejection(line, r.detail());
                }
            }
            start = nl + 1;
        }
        return line;
    }

    static boolean isBlank(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b != ' ' && b != '\t') return false;
        }
        return true;
    }
}
