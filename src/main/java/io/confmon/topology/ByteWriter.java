package io.confmon.topology;

import java.util.Arrays;
import java.util.Map;

/**
 * Writes confmon's binary layouts: varints, fixed big-endian longs and length-prefixed strings,
 * into one growing array (no stream, no per-field exception plumbing). A string is
 * {@code uvarint(n << 1 | 0)} and n UTF-8 bytes, or, only when it holds an unpaired surrogate
 * (which UTF-8 cannot carry), {@code uvarint(chars << 1 | 1)} and its UTF-16 chars: any Java
 * string round-trips, whatever its length.
 */
final class ByteWriter {
    private byte[] buf;
    private int size;

    ByteWriter() {
        this(64);
    }

    ByteWriter(int capacity) {
        buf = new byte[capacity];
    }

    ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    /** Unsigned varint (lengths, counts, codes). */
    ByteWriter uvar(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** Zig-zag varint (signed values that are mostly small, or times). */
    ByteWriter var(long v) {
        return uvar((v << 1) ^ (v >> 63));
    }

    /** Fixed 8 bytes, big-endian, sign bit flipped: byte order is numeric order (for keys). */
    ByteWriter orderedI64(long v) {
        ensure(8);
        long x = v ^ Long.MIN_VALUE;
        for (int shift = 56; shift >= 0; shift -= 8) buf[size++] = (byte) (x >>> shift);
        return this;
    }

    ByteWriter str(String s) {
        if (ascii(s)) return this;
        int utf8 = utf8Length(s);
        if (utf8 < 0) {
            uvar(((long) s.length() << 1) | 1);
            ensure(2 * s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                buf[size++] = (byte) (c >>> 8);
                buf[size++] = (byte) c;
            }
            return this;
        }
        uvar((long) utf8 << 1);
        return utf8(s, utf8);
    }

    /** The string's UTF-8 bytes with no length (the rest of a key); unpaired surrogates become '?'. */
    ByteWriter rawUtf8(String s) {
        int utf8 = utf8Length(s);
        if (utf8 < 0) return bytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return utf8(s, utf8);
    }

    /** A slice: its number of pairs, then each key and value, in sorted order (equal slices, equal bytes). */
    ByteWriter slice(Slice slice) {
        uvar(slice.pairs().size());
        for (Map.Entry<String, String> e : slice.pairs().entrySet()) str(e.getKey()).str(e.getValue());
        return this;
    }

    /** A label's class: 0 and its name, or 1 and its index. */
    ByteWriter labelClass(io.confmon.event.LabelClass c) {
        return c.name() != null ? u8(0).str(c.name()) : u8(1).uvar(c.index());
    }

    /** A probability vector: its length (0 for none), then each share in ppm. */
    ByteWriter probabilities(io.confmon.event.Probabilities p) {
        if (p == null) return uvar(0);
        uvar(p.size());
        for (int i = 0; i < p.size(); i++) uvar(p.ppm(i));
        return this;
    }

    /** Sums per class index: the count, then each sum (zig-zag). */
    ByteWriter sums(long[] sums) {
        uvar(sums.length);
        for (long v : sums) var(v);
        return this;
    }

    ByteWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, size);
    }

    private ByteWriter utf8(String s, int length) {
        ensure(length);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[size++] = (byte) c;
            } else if (c < 0x800) {
                buf[size++] = (byte) (0xC0 | (c >> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[size++] = (byte) (0xF0 | (cp >> 18));
                buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buf[size++] = (byte) (0xE0 | (c >> 12));
                buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return this;
    }

    /**
     * Writes {@code s} as {@link #str} does when it is all ASCII, in one pass (ids, model and class
     * names mostly are); otherwise writes nothing and returns false.
     */
    private boolean ascii(String s) {
        int n = s.length();
        int start = size;
        uvar((long) n << 1);
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                size = start;
                return false;
            }
            buf[size++] = (byte) c;
        }
        return true;
    }

    /** UTF-8 length, or -1 when the string holds an unpaired surrogate. */
    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return -1;
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private void ensure(int more) {
        if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
}
