package io.confmon.topology;

import io.confmon.event.LabelClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compact binary form of internal records and store values: fixed field order, no field names,
 * so a store entry costs bytes of data and not of schema.
 */
final class Bin {
    private Bin() {}

    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Out str(String s) {
            try {
                out.writeUTF(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out i64(long v) {
            try {
                out.writeLong(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** A variable-length non-negative-friendly long (zig-zag), for counts and units that are mostly small. */
        Out var(long v) {
            long z = (v << 1) ^ (v >> 63);
            try {
                while ((z & ~0x7FL) != 0) {
                    out.writeByte((int) ((z & 0x7F) | 0x80));
                    z >>>= 7;
                }
                out.writeByte((int) z);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out u8(int v) {
            try {
                out.writeByte(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** A slice: its size, then its pairs in the map's order (sorted maps give equal bytes for equal slices). */
        Out slice(Map<String, String> slice) {
            var(slice.size());
            slice.forEach((k, v) -> str(k).str(v));
            return this;
        }

        /** A label's class: 0 and its name, or 1 and its index. */
        Out labelClass(LabelClass c) {
            return c.name() != null ? u8(0).str(c.name()) : u8(1).var(c.index());
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    static final class In {
        private final DataInputStream in;

        In(byte[] data) {
            this.in = new DataInputStream(new ByteArrayInputStream(data));
        }

        String str() {
            try {
                return in.readUTF();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long i64() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long var() {
            try {
                long z = 0;
                int shift = 0;
                int b;
                do {
                    b = in.readUnsignedByte();
                    z |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                return (z >>> 1) ^ -(z & 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int u8() {
            try {
                return in.readUnsignedByte();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Map<String, String> slice() {
            int n = (int) var();
            if (n == 0) return Map.of();
            Map<String, String> slice = new TreeMap<>();
            for (int i = 0; i < n; i++) slice.put(str(), str());
            return slice;
        }

        LabelClass labelClass() {
            return u8() == 0 ? LabelClass.ofName(str()) : LabelClass.ofIndex((int) var());
        }

        boolean more() {
            try {
                return in.available() > 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
