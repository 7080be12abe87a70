package io.confmon.backfill;

import io.confmon.topology.BucketKey;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The time a replay's buckets span: the first bucket's start to the last bucket's end, over all models. */
public record BucketExtent(long from, long to) {
    public static Optional<BucketExtent> of(ReadOnlyKeyValueStore<Bytes, byte[]> buckets, List<String> models, long bucketMs) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (String model : models) {
            Bytes low = BucketKey.lowerBound(model, Long.MIN_VALUE);
            Bytes high = BucketKey.upperBound(model, Long.MAX_VALUE);
            try (KeyValueIterator<Bytes, byte[]> it = buckets.range(low, high)) {
                first = Math.min(first, firstOf(it, model, first));
            }
            try (KeyValueIterator<Bytes, byte[]> it = buckets.reverseRange(low, high)) {
                long l = firstOf(it, model, Long.MIN_VALUE);
                if (l != Long.MIN_VALUE) last = Math.max(last, l + bucketMs);
            }
        }
        return first == Long.MAX_VALUE ? Optional.empty() : Optional.of(new BucketExtent(first, last));
    }

    private static long firstOf(KeyValueIterator<Bytes, byte[]> it, String model, long none) {
        while (it.hasNext()) {
            KeyValue<Bytes, byte[]> kv = it.next();
            BucketKey key = BucketKey.parse(kv.key);
            if (key.model().equals(model)) return key.bucket();
        }
        return none;
    }
}
