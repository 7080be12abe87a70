package io.confmon.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;

/**
 * A batch of the join's expiry index, v4: the ids one commit filed under times in one slot, in a
 * single store entry, so the index costs a few store writes (and changelog records) per commit
 * instead of one per id.
 * Key: {@code 0xFB | earliest time in the batch (8 bytes, ordered) | first id UTF-8}; value:
 * {@code 0xFB | uvarint n | n x (uvarint time - earliest | str id)}. Byte order is the order of the
 * earliest times, so the batches holding anything due are one range scan, in a range of their own
 * beside the v1 keys ({@link ExpiryKey}).
 */
record ExpiryBatch(long earliest, List<ExpiryKey> filings) {
    static final int VERSION = Formats.V4;

    /** @param filings not empty; {@code earliest} is the least of their times */
    ExpiryBatch {
        if (filings.isEmpty()) throw new IllegalArgumentException("an expiry batch holds at least one filing");
    }

    static ExpiryBatch of(List<ExpiryKey> filings) {
        long earliest = Long.MAX_VALUE;
        for (ExpiryKey f : filings) earliest = Math.min(earliest, f.at());
        return new ExpiryBatch(earliest, List.copyOf(filings));
    }

    Bytes key() {
        String first = filings.get(0).id();
        return Bytes.wrap(new ByteWriter(9 + first.length()).u8(VERSION).orderedI64(earliest).rawUtf8(first).toBytes());
    }

    byte[] value() {
        ByteWriter out = new ByteWriter(8 + 24 * filings.size()).u8(VERSION).uvar(filings.size());
        for (ExpiryKey f : filings) out.uvar(f.at() - earliest).str(f.id());
        return out.toBytes();
    }

    static boolean isBatchKey(Bytes key) {
        return (key.get()[0] & 0xFF) == VERSION;
    }

    static ExpiryBatch read(Bytes key, byte[] value) {
        long earliest = new ByteReader(key.get(), 1).orderedI64();
        ByteReader in = new ByteReader(value, 0);
        int version = in.u8();
        if (version != VERSION) throw Formats.unknownVersion("expiry batch", version);
        int n = in.size();
        List<ExpiryKey> filings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long at = earliest + in.uvar();
            filings.add(new ExpiryKey(at, in.str()));
        }
        return new ExpiryBatch(earliest, filings);
    }

    /** The bounds (inclusive) of the batch keys whose earliest time is before {@code until}. */
    static Bytes[] holdingDue(long until) {
        return new Bytes[] {Bytes.wrap(new ByteWriter(9).u8(VERSION).orderedI64(Long.MIN_VALUE).toBytes()),
                Bytes.wrap(new ByteWriter(9).u8(VERSION).orderedI64(until).toBytes())};
    }
}
