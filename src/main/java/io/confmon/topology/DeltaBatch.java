package io.confmon.topology;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What the join sends to a model's bucket task in one flush (the by-model repartition record's
 * value): sparse cell deltas per bucket and slice, and the changes of the pipeline counters. Small:
 * a few records per model per flush.
 * Layout v2: {@code 0xF7 | counters (see Counters) | uvarint n | n x (zig-zag bucket | slice | BucketCells body)};
 * v1 ({@code 0xF5}, BucketCells' v1 body) is still read. A 0.1.0 record's first byte could be
 * anything, so v1 and v2 records also carry the header {@value #FORMAT_HEADER}; a record without
 * it is read as 0.1.0's layout.
 */
public final class DeltaBatch {
    static final String FORMAT_HEADER = "confmon.format";

    /** A bucket of one slice: its start time and slice. */
    public record BucketKey(long bucket, Slice slice) implements Comparable<BucketKey> {
        @Override
        public int compareTo(BucketKey o) {
            int c = Long.compare(bucket, o.bucket);
            return c != 0 ? c : slice.compareTo(o.slice);
        }
    }

    final TreeMap<BucketKey, BucketCells> buckets = new TreeMap<>();
    final Counters counters = new Counters();

    BucketCells bucket(long bucket, Slice slice) {
        return buckets.computeIfAbsent(new BucketKey(bucket, slice), k -> new BucketCells());
    }

    void count(PipelineCounter counter, long delta) {
        counters.add(counter, delta);
    }

    public Map<BucketKey, BucketCells> buckets() {
        return buckets;
    }

    public long counter(PipelineCounter c) {
        return counters.get(c);
    }

    byte[] encode() {
        ByteWriter out = new ByteWriter(64).u8(Formats.V2);
        counters.write(out);
        out.uvar(buckets.size());
        buckets.forEach((k, cells) -> {
            out.var(k.bucket()).slice(k.slice());
            cells.writeBody(out);
        });
        return out.toBytes();
    }

    /** 0.1.0's layout (see {@link #decodeLegacy}), sent without the format header; under {@code upgrade.from=0.1}. */
    byte[] encodeLegacy() {
        LegacyWriter out = new LegacyWriter().counters(counters);
        out.var(buckets.size());
        buckets.forEach((k, cells) -> {
            byte[] b = cells.encodeLegacy();
            out.i64(k.bucket()).str(LegacyWriter.sliceString(k.slice())).var(b.length).bytes(b);
        });
        return out.toBytes();
    }

    static Headers headers(UpgradeFrom upgradeFrom) {
        return upgradeFrom.writesZeroPointOne() ? new RecordHeaders() : headers();
    }

    byte[] encode(UpgradeFrom upgradeFrom) {
        return upgradeFrom.writesZeroPointOne() ? encodeLegacy() : encode();
    }

    static Headers headers() {
        RecordHeaders h = new RecordHeaders();
        h.add(FORMAT_HEADER, new byte[] {(byte) Formats.V2});
        return h;
    }

    static DeltaBatch decode(byte[] bytes, Headers headers) {
        if (headers.lastHeader(FORMAT_HEADER) == null) return decodeLegacy(bytes);
        int version = bytes[0] & 0xFF;
        if (version != Formats.V1 && version != Formats.V2) throw Formats.unknownVersion("delta batch", version);
        ByteReader in = new ByteReader(bytes, 1);
        DeltaBatch d = new DeltaBatch();
        d.counters.addAll(Counters.read(in));
        int n = in.size();
        for (int i = 0; i < n; i++) {
            long bucket = in.var();
            Slice slice = in.slice();
            d.buckets.put(new BucketKey(bucket, slice), BucketCells.readBody(in, version));
        }
        return d;
    }

    /** 0.1.0: {@code 8 zig-zag counters in its declaration order | n | n x (i64 bucket | utf slice-string | length | 0.1.0 cells)}. */
    static DeltaBatch decodeLegacy(byte[] bytes) {
        DeltaBatch d = new DeltaBatch();
        LegacyReader in = new LegacyReader(bytes);
        for (PipelineCounter c : PipelineCounter.LEGACY_ORDER) d.count(c, in.var());
        long n = in.var();
        for (int i = 0; i < n; i++) {
            long bucket = in.i64();
            Slice slice = LegacyReader.sliceString(in.str());
            byte[] b = new byte[(int) in.var()];
            for (int j = 0; j < b.length; j++) b[j] = (byte) in.u8();
            d.buckets.put(new BucketKey(bucket, slice), BucketCells.readLegacy(new LegacyReader(b)));
        }
        return d;
    }
}
