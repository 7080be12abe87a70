package io.confmon.topology;

import io.confmon.event.LabelClass;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeMap;

/**
 * Reads the fields of confmon 0.1.0's unversioned layouts (a {@code DataOutputStream}: modified
 * UTF-8 strings with a 2-byte length, fixed longs, zig-zag varints), for state and records written
 * before the version byte. Each layout class keeps its 0.1.0 field order next to its own.
 */
final class LegacyReader {
    private final DataInputStream in;

    LegacyReader(byte[] data) {
        this(data, 0);
    }

    LegacyReader(byte[] data, int offset) {
        this.in = new DataInputStream(new ByteArrayInputStream(data, offset, data.length - offset));
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
        long z = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            z |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (z >>> 1) ^ -(z & 1);
    }

    int u8() {
        try {
            return in.readUnsignedByte();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Slice slice() {
        int n = (int) var();
        TreeMap<String, String> slice = new TreeMap<>();
        for (int i = 0; i < n; i++) slice.put(str(), str());
        return Slice.sorted(slice);
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

    /**
     * 0.1.0's slice string {@code k=v,k2=v2}. It was ambiguous when a value held a comma; a piece
     * without {@code =} is read as the rest of the previous value, which recovers {@code region=eu,west}.
     */
    static Slice sliceString(String s) {
        TreeMap<String, String> pairs = new TreeMap<>();
        String lastKey = null;
        if (!s.isEmpty()) {
            for (String piece : s.split(",", -1)) {
                int eq = piece.indexOf('=');
                if (eq < 0 && lastKey != null) {
                    pairs.put(lastKey, pairs.get(lastKey) + "," + piece);
                } else if (eq >= 0) {
                    lastKey = piece.substring(0, eq);
                    pairs.put(lastKey, piece.substring(eq + 1));
                } else {
                    lastKey = piece;
                    pairs.put(piece, "");
                }
            }
        }
        return Slice.sorted(pairs);
    }
}
