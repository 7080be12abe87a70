package io.confmon.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums the join's cell deltas and counter changes per model until the next flush, in a store so
 * that they commit or roll back with the input that caused them (a delta held in a field could be
 * lost after its input was committed, or sent twice). One small entry per touched cell.
 */
final class DeltaBuffer {
    private static final int CELL = 1;
    private static final int PREDICTIONS = 2;
    private static final int COUNTER = 3;

    private final KeyValueStore<Bytes, byte[]> store;
    private final Map<String, long[]> counts = new HashMap<>();

    DeltaBuffer(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    void cell(String model, JoinEntry.Cell cell, int sign) {
        add(new Bin.Out().u8(CELL).str(model).i64(cell.bucket()).str(cell.slice()).str(cell.actual()).str(cell.predicted()),
                sign * cell.units(), sign);
    }

    void predictions(String model, long bucket, String slice, long delta) {
        add(new Bin.Out().u8(PREDICTIONS).str(model).i64(bucket).str(slice), delta, 0);
    }

    /** Counted in memory while one record is processed; {@link #writeCounts()} stores them before the record is done. */
    void count(String model, PipelineCounter counter, long delta) {
        counts.computeIfAbsent(model, m -> new long[PipelineCounter.values().length])[counter.ordinal()] += delta;
    }

    /**
     * Adds the counts of the record just processed into the store, one entry per model: one store
     * write per record instead of one per counter. Called before the record is done, so the counts
     * commit with it.
     */
    void writeCounts() {
        if (counts.isEmpty()) return;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            Bytes k = Bytes.wrap(new Bin.Out().u8(COUNTER).str(e.getKey()).bytes());
            long[] sum = e.getValue();
            byte[] old = store.get(k);
            if (old != null) {
                Bin.In in = new Bin.In(old);
                for (int i = 0; i < sum.length; i++) sum[i] += in.var();
            }
            Bin.Out value = new Bin.Out();
            for (long v : sum) value.var(v);
            store.put(k, value.bytes());
        }
        counts.clear();
    }

    private void add(Bin.Out key, long a, long b) {
        Bytes k = Bytes.wrap(key.bytes());
        byte[] old = store.get(k);
        if (old != null) {
            Bin.In in = new Bin.In(old);
            a += in.var();
            b += in.var();
        }
        store.put(k, new Bin.Out().var(a).var(b).bytes());
    }

    /** Hands every model's summed deltas to {@code send} and empties the buffer. */
    void flush(BiConsumer<String, DeltaBatch> send) {
        TreeMap<String, DeltaBatch> batches = new TreeMap<>();
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                keys.add(kv.key);
                Bin.In key = new Bin.In(kv.key.get());
                Bin.In value = new Bin.In(kv.value);
                int type = key.u8();
                DeltaBatch batch = batches.computeIfAbsent(key.str(), m -> new DeltaBatch());
                switch (type) {
                    case CELL -> batch.bucket(key.i64(), key.str()).add(key.str(), key.str(), value.var(), value.var());
                    case PREDICTIONS -> batch.bucket(key.i64(), key.str()).addPredictions(value.var());
                    case COUNTER -> {
                        for (PipelineCounter c : PipelineCounter.values()) batch.count(c, value.var());
                    }
                    default -> throw new IllegalStateException("unknown delta type " + type);
                }
            }
        }
        for (Bytes k : keys) store.delete(k);
        batches.forEach(send);
    }
}
