package io.confmon.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the bucket store: {@code model 0x00 bucket-start slice}, the start big-endian with its
 * sign bit flipped, so a model's buckets lie together in time order and a range is one scan.
 */
public final class BucketKeys {
    private BucketKeys() {}

    public static Bytes key(String model, long bucket, String slice) {
        byte[] m = model.getBytes(StandardCharsets.UTF_8);
        byte[] s = slice.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(m.length + 1 + 8 + s.length)
                .put(m).put((byte) 0).putLong(bucket ^ Long.MIN_VALUE).put(s).array());
    }

    /** The first possible key of a model's bucket starting at {@code bucket}. */
    public static Bytes lowerBound(String model, long bucket) {
        return key(model, bucket, "");
    }

    /** A key after every key of the model's buckets starting at or before {@code bucket}. */
    public static Bytes upperBound(String model, long bucket) {
        byte[] low = key(model, bucket, "").get();
        byte[] high = Arrays.copyOf(low, low.length + 1);
        high[low.length] = (byte) 0xFF;
        return Bytes.wrap(high);
    }

    public static long bucketOf(Bytes key) {
        byte[] k = key.get();
        int zero = indexOfZero(k);
        return ByteBuffer.wrap(k, zero + 1, 8).getLong() ^ Long.MIN_VALUE;
    }

    public static String sliceOf(Bytes key) {
        byte[] k = key.get();
        int start = indexOfZero(k) + 9;
        return new String(k, start, k.length - start, StandardCharsets.UTF_8);
    }

    public static String modelOf(Bytes key) {
        byte[] k = key.get();
        return new String(k, 0, indexOfZero(k), StandardCharsets.UTF_8);
    }

    private static int indexOfZero(byte[] k) {
        for (int i = 0; i < k.length; i++) {
            if (k[i] == 0) return i;
        }
        throw new IllegalArgumentException("not a bucket key");
    }
}
