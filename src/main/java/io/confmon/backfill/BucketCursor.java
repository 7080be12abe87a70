package io.confmon.backfill;

import io.confmon.topology.BucketCells;
import io.confmon.topology.BucketKey;
import io.confmon.topology.Slice;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Walks one model's buckets in time order from a start, one store iterator held open. */
final class BucketCursor implements AutoCloseable {
    private final String model;
    private final KeyValueIterator<Bytes, byte[]> it;
    private KeyValue<Bytes, byte[]> next;
    /** {@code next}'s key, parsed once: the views slide over every bucket twice per view. */
    private BucketKey nextKey;

    BucketCursor(ReadOnlyKeyValueStore<Bytes, byte[]> store, String model, long from) {
        this.model = model;
        this.it = store.range(BucketKey.lowerBound(model, from), BucketKey.upperBound(model, Long.MAX_VALUE));
        advance();
    }

    private void advance() {
        next = null;
        nextKey = null;
        while (it.hasNext()) {
            KeyValue<Bytes, byte[]> kv = it.next();
            BucketKey key = BucketKey.parse(kv.key);
            // Length-prefixed model names keep other models out of the range; the check costs little.
            if (key.model().equals(model)) {
                next = kv;
                nextKey = key;
                return;
            }
        }
    }

    /** The start of the next bucket, or {@link Long#MAX_VALUE} past the last. */
    long peekStart() {
        return next == null ? Long.MAX_VALUE : nextKey.bucket();
    }

    Slice peekSlice() {
        return nextKey.slice();
    }

    BucketCells take() {
        BucketCells cells = BucketCells.decode(next.value, false); // a replay writes only the current layout
        advance();
        return cells;
    }

    @Override
    public void close() {
        it.close();
    }
}
