package io.confmon.view;

/**
 * A range of buckets: those with {@code from <= start < to}, bounds aligned to the bucket size.
 * {@code from}/{@code to} are null for "the whole retained history".
 */
public record BucketRange(Long from, Long to) {
    public static final BucketRange ALL = new BucketRange(null, null);

    /** The most recent {@code lengthMs} of buckets by the given clock, the current bucket included. */
    public static BucketRange last(long lengthMs, long nowMs, long bucketMs) {
        long end = Math.floorDiv(nowMs, bucketMs) * bucketMs + bucketMs;
        return new BucketRange(end - alignUp(lengthMs, bucketMs), end);
    }

    /** {@code from..to} aligned outward to whole buckets. */
    public static BucketRange between(long from, long to, long bucketMs) {
        return new BucketRange(Math.floorDiv(from, bucketMs) * bucketMs, alignUp(to, bucketMs));
    }

    public boolean contains(long bucketStart) {
        return (from == null || bucketStart >= from) && (to == null || bucketStart < to);
    }

    private static long alignUp(long t, long bucketMs) {
        return Math.floorDiv(t + bucketMs - 1, bucketMs) * bucketMs;
    }
}
