package io.confmon.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 *
 * <p>A record's changes are gathered in memory while it is processed and written when it is done
 * ({@link #write()}), each touched entry once, with the record's counter changes riding on the
 * first entry of their model: one store write (and one changelog record) for most records, where
 * writing as they came made two or more.
 */
final class DeltaBuffer {
    private final KeyValueStore<Bytes, byte[]> store;
    /** Under upgrade.from=0.1 the entries are 0.1.0's: the store is changelogged, a 0.1.0 instance may restore it. */
    private final boolean legacy;
    /** The changes of the record being processed, by entry, in the order first touched. */
    private final Map<Bytes, DeltaEntry.Value> changes = new LinkedHashMap<>();
    /** The first entry each model's changes touched: where its counter changes ride. */
    private final Map<String, DeltaEntry.Value> firstOfModel = new HashMap<>();
    private final Map<String, Counters> counts = new HashMap<>();

    DeltaBuffer(KeyValueStore<Bytes, byte[]> store, UpgradeFrom upgradeFrom) {
        this.store = store;
        this.legacy = upgradeFrom.writesZeroPointOne();
    }

    /** A pair is counted (+1) or taken back (-1), with the expected row its prediction promised for those rows. */
    void cell(String model, JoinEntry.Cell cell, int sign) {
        DeltaEntry.Value v = change(model, legacy ? DeltaEntry.legacyCellKey(model, cell) : DeltaEntry.cellKey(model, cell));
        v.a += sign * cell.units();
        v.b += sign;
        if (cell.expected() == null || legacy) return;
        change(model, DeltaEntry.labelledExpectedKey(model, cell)).addRow(cell.expected(), cell.units(), sign);
    }

    /**
     * A prediction comes (+1) or goes (-1): its bucket's prediction count and, when it has
     * probabilities, its expected row (one entry per predicted class, so one write either way).
     * Under upgrade.from=0.1 the expected rows are not kept (0.1.0's layouts have no room for them).
     */
    void prediction(String model, long bucket, JoinEntry.Pred p, int sign) {
        if (legacy) {
            change(model, DeltaEntry.legacyPredictionsKey(model, bucket, p.slice())).a += sign;
        } else if (p.expected() == null) {
            change(model, DeltaEntry.predictionsKey(model, bucket, p.slice())).a += sign;
        } else {
            DeltaEntry.Value v = change(model, DeltaEntry.predictedKey(model, bucket, p.slice(), p.predicted()));
            v.a += sign;
            v.addRow(p.expected(), p.units(), sign);
        }
    }

    /** A pipeline counter of {@code model} changes; written with the record's other changes. */
    void count(String model, PipelineCounter counter, long delta) {
        counts.computeIfAbsent(model, m -> new Counters()).add(counter, delta);
    }

    /**
     * Adds the changes of the record just processed (or of an expiry batch) into the store: each
     * touched entry once, counters on their model's first entry (on a counters entry when the
     * model touched none, and always under upgrade.from=0.1, whose entries carry no counters).
     * Called before the record is done, so the changes commit with it.
     */
    void write() {
        for (Map.Entry<String, Counters> e : counts.entrySet()) {
            DeltaEntry.Value carrier = legacy ? null : firstOfModel.get(e.getKey());
            if (carrier == null) {
                String model = e.getKey();
                carrier = change(model, legacy ? DeltaEntry.legacyCounterKey(model) : DeltaEntry.counterKey(model));
            }
            carrier.counters.addAll(e.getValue());
        }
        for (Map.Entry<Bytes, DeltaEntry.Value> e : changes.entrySet()) {
            DeltaEntry.Value sum = e.getValue();
            byte[] old = store.get(e.getKey());
            if (old != null) sum.add(DeltaEntry.read(e.getKey(), old));
            store.put(e.getKey(), DeltaEntry.write(e.getKey(), sum));
        }
        changes.clear();
        firstOfModel.clear();
        counts.clear();
    }

    private DeltaEntry.Value change(String model, Bytes key) {
        DeltaEntry.Value v = changes.get(key);
        if (v == null) {
            v = new DeltaEntry.Value();
            changes.put(key, v);
            firstOfModel.putIfAbsent(model, v);
        }
        return v;
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
