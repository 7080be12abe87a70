package io.confmon.topology;

import org.apache.kafka.common.utils.Bytes;

/**
 * A key of the join's expiry index, v1: {@code 0xF5 | expiry time (8 bytes, ordered) | id UTF-8};
 * the value is empty. Byte order is time order, so what is due is one range scan. 0.1.0 keys
 * ({@code time (8 bytes, ordered) | id}, first byte 0x80 for any time after 1970) lie in a range
 * of their own, scanned alongside until they are gone.
 */
record ExpiryKey(long at, String id) {
    Bytes toBytes() {
        return Bytes.wrap(new ByteWriter(9 + id.length()).u8(Formats.V1).orderedI64(at).rawUtf8(id).toBytes());
    }

    static ExpiryKey parse(Bytes key) {
        byte[] k = key.get();
        int version = k[0] & 0xFF;
        if (version == Formats.V1) {
            ByteReader in = new ByteReader(k, 1);
            return new ExpiryKey(in.orderedI64(), in.restUtf8());
        }
        ByteReader in = new ByteReader(k, 0);
        return new ExpiryKey(in.orderedI64(), in.restUtf8());
    }

    /** The 0.1.0 key of a filing (to delete one that 0.1.0 made). */
    static Bytes legacyBytes(long at, String id) {
        return Bytes.wrap(new ByteWriter(8 + id.length()).orderedI64(at).rawUtf8(id).toBytes());
    }

    /** The bounds (inclusive) of the v1 keys due at or before {@code until}. */
    static Bytes[] due(long until) {
        return new Bytes[] {Bytes.wrap(new ByteWriter(9).u8(Formats.V1).orderedI64(Long.MIN_VALUE).toBytes()),
                Bytes.wrap(new ByteWriter(9).u8(Formats.V1).orderedI64(until).toBytes())};
    }

    /** The bounds of the 0.1.0 keys due at or before {@code until} (times from 0: 0.1.0 filed only times after 1e12). */
    static Bytes[] legacyDue(long until) {
        return new Bytes[] {Bytes.wrap(new ByteWriter(8).orderedI64(0).toBytes()), Bytes.wrap(new ByteWriter(8).orderedI64(until).toBytes())};
    }
}
