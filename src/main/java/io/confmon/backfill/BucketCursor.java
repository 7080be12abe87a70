package io.confmon.backfill;

import io.confmon.topology.BucketCells;
import io.confmon.topology.BucketKeys;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Walks one model's buckets in time order from a start, one store iterator held open. */
final class BucketCursor implements AutoCloseable {
    private final String model;
    private final KeyValueIterator<Bytes, byte[]> it;
    private KeyValue<Bytes, byte[]> next;

    BucketCursor(ReadOnlyKeyValueStore<Bytes, byte[]> store, String model, long from) {
        this.model = model;
        this.it = store.range(BucketKeys.lowerBound(model, from), BucketKeys.upperBound(model, Long.MAX_VALUE));
        advance();
    }

    private void advance() {
        next = null;
        while (it.hasNext()) {
            KeyValue<Bytes, byte[]> kv = it.next();
            // A key range of one model can hold keys of a model whose name extends it.
            if (BucketKeys.modelOf(kv.key).equals(model)) {
                next = kv;
                return;
            }
        }
    }

    /** The start of the next bucket, or {@link Long#MAX_VALUE} past the last. */
    long peekStart() {
        return next == null ? Long.MAX_VALUE : BucketKeys.bucketOf(next.key);
    }

    String peekSlice() {
        return BucketKeys.sliceOf(next.key);
    }

    BucketCells take() {
        BucketCells cells = BucketCells.decode(next.value);
        advance();
        return cells;
    }

    @Override
    public void close() {
        it.close();
    }
}
