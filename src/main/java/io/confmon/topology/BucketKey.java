package io.confmon.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * The key of the bucket store, v1: {@code 0xF5 | str model | bucket start (8 bytes, ordered) | slice}.
 * The model is length-prefixed, so one model's keys are exactly those under its prefix (a NUL or
 * any other character in a name cannot reach another model's range), and its buckets lie in time
 * order: a range of buckets is one scan. 0.1.0 keys ({@code model-UTF-8 0x00 bucket slice-string})
 * are still read ({@link #legacy}), from their own ranges, until the bucket task rewrites them.
 *
 * @param legacy whether the key was written by 0.1.0 (its value is then in 0.1.0's layout too)
 */
public record BucketKey(String model, long bucket, Slice slice, boolean legacy) {
    public BucketKey(String model, long bucket, Slice slice) {
        this(model, bucket, slice, false);
    }

    public Bytes toBytes() {
        return Bytes.wrap(prefix(model).orderedI64(bucket).slice(slice).toBytes());
    }

    /** The key in 0.1.0's layout ({@code model-UTF-8 0x00 bucket slice-string}), written under {@code upgrade.from=0.1}. */
    public Bytes toLegacyBytes() {
        return Bytes.wrap(legacyPrefix(model).orderedI64(bucket).bytes(LegacyWriter.sliceString(slice).getBytes(StandardCharsets.UTF_8))
                .toBytes());
    }

    /** Reads a stored key of either version. */
    public static BucketKey parse(Bytes key) {
        byte[] k = key.get();
        if (k.length > 0 && (k[0] & 0xFF) == Formats.V1) {
            ByteReader in = new ByteReader(k, 1);
            return new BucketKey(in.str(), in.orderedI64(), in.slice(), false);
        }
        int zero = 0;
        while (zero < k.length && k[zero] != 0) zero++;
        if (zero + 9 > k.length) throw new IllegalStateException("not a bucket key: " + key);
        String model = new String(k, 0, zero, StandardCharsets.UTF_8);
        long bucket = new ByteReader(k, zero + 1).orderedI64();
        String slice = new String(k, zero + 9, k.length - zero - 9, StandardCharsets.UTF_8);
        return new BucketKey(model, bucket, LegacyReader.sliceString(slice), true);
    }

    /** The first possible key of the model's buckets starting at {@code bucket} (inclusive). */
    public static Bytes lowerBound(String model, long bucket) {
        return Bytes.wrap(prefix(model).orderedI64(bucket).toBytes());
    }

    /** A key after every key of the model's buckets starting at or before {@code bucket} (inclusive bound). */
    public static Bytes upperBound(String model, long bucket) {
        return afterAll(prefix(model).orderedI64(bucket).toBytes());
    }

    /** The same bounds over the 0.1.0 keys of the model. */
    public static Bytes legacyLowerBound(String model, long bucket) {
        return Bytes.wrap(legacyPrefix(model).orderedI64(bucket).toBytes());
    }

    public static Bytes legacyUpperBound(String model, long bucket) {
        return afterAll(legacyPrefix(model).orderedI64(bucket).toBytes());
    }

    /** Whether a stored key was written by 0.1.0 (no UTF-8 text, so no 0.1.0 key, starts with the version byte). */
    static boolean isLegacy(Bytes key) {
        byte[] k = key.get();
        return k.length == 0 || (k[0] & 0xFF) != Formats.V1;
    }

    private static ByteWriter prefix(String model) {
        return new ByteWriter(32).u8(Formats.V1).str(model);
    }

    private static ByteWriter legacyPrefix(String model) {
        return new ByteWriter(32).bytes(model.getBytes(StandardCharsets.UTF_8)).u8(0);
    }

    /**
     * A bound after every key that starts with {@code prefix}: a slice's encoding is at most a
     * few bytes before it differs, so 16 bytes of 0xFF (no slice encoding starts with them: as a
     * varint they would be a count past 2^64; UTF-8 text never holds 0xFF) close the range.
     */
    private static Bytes afterAll(byte[] prefix) {
        byte[] high = Arrays.copyOf(prefix, prefix.length + 16);
        Arrays.fill(high, prefix.length, high.length, (byte) 0xFF);
        return Bytes.wrap(high);
    }
}
