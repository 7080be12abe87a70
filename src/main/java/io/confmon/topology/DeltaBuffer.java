package io.confmon.topology;

import io.confmon.event.Probabilities;
import java.util.ArrayList;
import java.util.Arrays;
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
 * lost after its input was committed, or sent twice). One small entry per touched cell; the
 * entries' layout is {@link DeltaEntry}'s.
 */
final class DeltaBuffer {
    private final KeyValueStore<Bytes, byte[]> store;
    /** Under upgrade.from=0.1 the entries are 0.1.0's: the store is changelogged, a 0.1.0 instance may restore it. */
    private final boolean legacy;
    private final Map<String, Counters> counts = new HashMap<>();

    DeltaBuffer(KeyValueStore<Bytes, byte[]> store, UpgradeFrom upgradeFrom) {
        this.store = store;
        this.legacy = upgradeFrom.writesZeroPointOne();
    }

    /** A pair is counted (+1) or taken back (-1), with the expected row its prediction promised for those rows. */
    void cell(String model, JoinEntry.Cell cell, int sign) {
        add(legacy ? DeltaEntry.legacyCellKey(model, cell) : DeltaEntry.cellKey(model, cell), sign * cell.units(), sign);
        if (cell.expected() == null || legacy) return;
        Bytes key = DeltaEntry.labelledExpectedKey(model, cell);
        byte[] old = store.get(key);
        long[] sums = old == null ? new long[0] : DeltaEntry.readLabelledExpected(old);
        store.put(key, DeltaEntry.labelledExpected(addRow(sums, cell.expected(), cell.units(), sign)));
    }

    /**
     * A prediction comes (+1) or goes (-1): its bucket's prediction count and, when it has
     * probabilities, its expected row (one entry per predicted class, so one write either way).
     * Under upgrade.from=0.1 the expected rows are not kept (0.1.0's layouts have no room for them).
     */
    void prediction(String model, long bucket, JoinEntry.Pred p, int sign) {
        if (legacy) {
            add(DeltaEntry.legacyPredictionsKey(model, bucket, p.slice()), sign, 0);
        } else if (p.expected() == null) {
            add(DeltaEntry.predictionsKey(model, bucket, p.slice()), sign, 0);
        } else {
            Bytes key = DeltaEntry.predictedKey(model, bucket, p.slice(), p.predicted());
            byte[] old = store.get(key);
            long[] count = {0};
            long[] sums = old == null ? new long[0] : DeltaEntry.readPredicted(old, count);
            store.put(key, DeltaEntry.predicted(count[0] + sign, addRow(sums, p.expected(), p.units(), sign)));
        }
    }

    /** {@code sums} plus {@code sign} times the expected row of a prediction of {@code units}, by class index. */
    private static long[] addRow(long[] sums, Probabilities expected, long units, int sign) {
        long[] out = sums.length >= expected.size() ? sums : Arrays.copyOf(sums, expected.size());
        for (int i = 0; i < expected.size(); i++) out[i] += sign * expected.units(i, units);
        return out;
    }

    /** Counted in memory while one record is processed; {@link #writeCounts()} stores them before the record is done. */
    void count(String model, PipelineCounter counter, long delta) {
        counts.computeIfAbsent(model, m -> new Counters()).add(counter, delta);
    }

    /**
     * Adds the counts of the record just processed into the store, one entry per model: one store
     * write per record instead of one per counter. Called before the record is done, so the counts
     * commit with it.
     */
    void writeCounts() {
        if (counts.isEmpty()) return;
        for (Map.Entry<String, Counters> e : counts.entrySet()) {
            Bytes k = legacy ? DeltaEntry.legacyCounterKey(e.getKey()) : DeltaEntry.counterKey(e.getKey());
            Counters sum = e.getValue();
            byte[] old = store.get(k);
            if (old != null) sum.addAll(DeltaEntry.readCounters(k, old));
            store.put(k, legacy ? DeltaEntry.legacyCounters(sum) : DeltaEntry.counters(sum));
        }
        counts.clear();
    }

    private void add(Bytes key, long a, long b) {
        byte[] old = store.get(key);
        if (old != null) {
            long[] sums = DeltaEntry.readPair(key, old);
            a += sums[0];
            b += sums[1];
        }
        store.put(key, legacy ? DeltaEntry.legacyPair(a, b) : DeltaEntry.pair(a, b));
    }

    /** Hands every model's summed deltas to {@code send} and empties the buffer. */
    void flush(BiConsumer<String, DeltaBatch> send, DeltaEntry.ClassNames names) {
        TreeMap<String, DeltaBatch> batches = new TreeMap<>();
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                keys.add(kv.key);
                DeltaEntry.addTo(kv.key, kv.value, m -> batches.computeIfAbsent(m, x -> new DeltaBatch()), names);
            }
        }
        for (Bytes k : keys) store.delete(k);
        batches.forEach(send);
    }
}
