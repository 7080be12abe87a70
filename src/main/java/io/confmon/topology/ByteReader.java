package io.confmon.topology;

import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/** Reads what {@link ByteWriter} writes; a truncated or malformed record throws {@link IllegalStateException}. */
final class ByteReader {
    private final byte[] buf;
    private int pos;

    ByteReader(byte[] buf) {
        this(buf, 0);
    }

    ByteReader(byte[] buf, int offset) {
        this.buf = buf;
        this.pos = offset;
    }

    int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    long uvar() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IllegalStateException("malformed varint at byte " + pos);
    }

    long var() {
        long z = uvar();
        return (z >>> 1) ^ -(z & 1);
    }

    /** A count or length that must fit in what is left of the record. */
    int size() {
        long n = uvar();
        if (n < 0 || n > buf.length - pos) throw new IllegalStateException("a count of " + n + " past the record's end");
        return (int) n;
    }

    long orderedI64() {
        need(8);
        long x = 0;
        for (int i = 0; i < 8; i++) x = (x << 8) | (buf[pos++] & 0xFF);
        return x ^ Long.MIN_VALUE;
    }

    String str() {
        long head = uvar();
        long n = head >>> 1;
        if ((head & 1) == 0) {
            need(n);
            String s = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
            pos += (int) n;
            return s;
        }
        need(2 * n);
        char[] chars = new char[(int) n];
        for (int i = 0; i < n; i++) chars[i] = (char) (((buf[pos++] & 0xFF) << 8) | (buf[pos++] & 0xFF));
        return new String(chars);
    }

    /** The rest of the record as UTF-8 text. */
    String restUtf8() {
        String s = new String(buf, pos, buf.length - pos, StandardCharsets.UTF_8);
        pos = buf.length;
        return s;
    }

    Slice slice() {
        int n = size();
        if (n == 0) return Slice.NONE;
        TreeMap<String, String> pairs = new TreeMap<>();
        for (int i = 0; i < n; i++) pairs.put(str(), str());
        return Slice.sorted(pairs);
    }

    io.confmon.event.LabelClass labelClass() {
        int kind = u8();
        if (kind == 0) return io.confmon.event.LabelClass.ofName(str());
        if (kind == 1) return io.confmon.event.LabelClass.ofIndex((int) uvar());
        throw new IllegalStateException("unknown label class kind " + kind);
    }

    /** See {@link ByteWriter#probabilities}: null for none. */
    io.confmon.event.Probabilities probabilities() {
        int n = size();
        if (n == 0) return null;
        int[] ppm = new int[n];
        for (int i = 0; i < n; i++) ppm[i] = (int) uvar();
        return io.confmon.event.Probabilities.ofPpm(ppm);
    }

    /** See {@link ByteWriter#sums}. */
    long[] sums() {
        long[] sums = new long[size()];
        for (int i = 0; i < sums.length; i++) sums[i] = var();
        return sums;
    }

    boolean more() {
        return pos < buf.length;
    }

    int position() {
        return pos;
    }

    private void need(long n) {
        if (n < 0 || n > buf.length - pos) throw new IllegalStateException("record truncated: " + n + " bytes needed at byte " + pos + " of " + buf.length);
    }
}
