package io.confmon.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums the join's cell deltas and counter changes per model until the next flush. One small entry
 * per touched cell; the entries' layout is {@link DeltaEntry}'s.
 *
 * <p>The changes since the last flush are summed in memory. The join flushes them right before
 * each commit ({@link BeforeCommit}), and under at-least-once every {@code flush.interval}, so they commit or roll back
 * with the input that caused them and never need a store. A flush hands on what the store holds
 * too: entries an earlier version wrote there, and under {@code upgrade.from=0.1} the changes
 * {@link #write()} puts there at each commit instead (0.1.0 handed deltas on at its flushes only),
 * each touched entry once, with the counter changes riding on the first entry of their model.
 */
final class DeltaBuffer {
    private final KeyValueStore<Bytes, byte[]> store;
    /** Under upgrade.from=0.1 the entries are 0.1.0's: the store is changelogged, a 0.1.0 instance may restore it. */
    private final boolean legacy;
    /** The changes since the last commit or flush, by entry, in the order first touched. */
    private final Map<DeltaEntry.Key, DeltaEntry.Value> changes = new LinkedHashMap<>();
    /** The first entry each model's changes touched: where its counter changes ride. */
    private final Map<String, DeltaEntry.Value> firstOfModel = new HashMap<>();
    private final Map<String, Counters> counts = new HashMap<>();
    /** The model counted for last (the same instance) and its counters in {@link #counts}; null after counts is emptied. */
    private String lastModel;
    private Counters lastCounts;

    DeltaBuffer(KeyValueStore<Bytes, byte[]> store, UpgradeFrom upgradeFrom) {
        this.store = store;
        this.legacy = upgradeFrom.writesZeroPointOne();
    }

    /** A pair is counted (+1) or taken back (-1), with the expected row its prediction promised for those rows. */
    void cell(String model, JoinEntry.Cell cell, int sign) {
        DeltaEntry.Value v = change(model, DeltaEntry.Key.cell(model, cell, legacy));
        v.a += sign * cell.units();
        v.b += sign;
        if (cell.expected() == null || legacy) return;
        change(model, DeltaEntry.Key.labelledExpected(model, cell)).addRow(cell.expected(), cell.units(), sign);
    }

    /**
     * A prediction comes (+1) or goes (-1): its bucket's prediction count and, when it has
     * probabilities, its expected row (one entry per predicted class, so one write either way).
     * Under upgrade.from=0.1 the expected rows are not kept (0.1.0's layouts have no room for them).
     */
    void prediction(String model, long bucket, JoinEntry.Pred p, int sign) {
        if (legacy || p.expected() == null) {
            change(model, DeltaEntry.Key.predictions(model, bucket, p.slice(), legacy)).a += sign;
        } else {
            DeltaEntry.Value v = change(model, DeltaEntry.Key.predicted(model, bucket, p.slice(), p.predicted()));
            v.a += sign;
            v.addRow(p.expected(), p.units(), sign);
        }
    }

    /** A pipeline counter of {@code model} changes; written with the record's other changes. */
    void count(String model, PipelineCounter counter, long delta) {
        // A record counts a few times, nearly always for the model it counted for last.
        if (model != lastModel) {
            lastCounts = counts.computeIfAbsent(model, m -> new Counters());
            lastModel = model;
        }
        lastCounts.add(counter, delta);
    }

    /**
     * Adds the changes since the last commit into the store: each touched entry once, counters on
     * their model's first entry (on a counters entry when the model touched none, and always under
     * upgrade.from=0.1, whose entries carry no counters). Run right before each commit under
     * upgrade.from=0.1, so the changes commit with the input that caused them.
     */
    void write() {
        attachCounters();
        for (Map.Entry<DeltaEntry.Key, DeltaEntry.Value> e : changes.entrySet()) {
            Bytes key = e.getKey().toBytes();
            DeltaEntry.Value sum = e.getValue();
            byte[] old = store.get(key);
            if (old != null) sum.add(DeltaEntry.read(key, old));
            store.put(key, DeltaEntry.write(key, sum));
        }
        clear();
    }

    private void attachCounters() {
        for (Map.Entry<String, Counters> e : counts.entrySet()) {
            DeltaEntry.Value carrier = legacy ? null : firstOfModel.get(e.getKey());
            if (carrier == null) {
                String model = e.getKey();
                carrier = change(model, DeltaEntry.Key.counter(model, legacy));
            }
            carrier.counters.addAll(e.getValue());
        }
        counts.clear();
        lastModel = null;
    }

    private void clear() {
        changes.clear();
        firstOfModel.clear();
        counts.clear();
        lastModel = null;
    }

    private DeltaEntry.Value change(String model, DeltaEntry.Key key) {
        DeltaEntry.Value v = changes.get(key);
        if (v == null) {
            v = new DeltaEntry.Value();
            changes.put(key, v);
            firstOfModel.putIfAbsent(model, v);
        }
        return v;
    }

    /** Hands every model's summed deltas to {@code send}, from the store and from memory, and empties both. */
    void flush(BiConsumer<String, DeltaBatch> send, DeltaEntry.ClassNames names) {
        TreeMap<String, DeltaBatch> batches = new TreeMap<>();
        Function<String, DeltaBatch> batchOf = m -> batches.computeIfAbsent(m, x -> new DeltaBatch());
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                keys.add(kv.key);
                DeltaEntry.addTo(kv.key, kv.value, batchOf, names);
            }
        }
        for (Bytes k : keys) store.delete(k);
        attachCounters();
        for (Map.Entry<DeltaEntry.Key, DeltaEntry.Value> e : changes.entrySet()) e.getKey().addTo(e.getValue(), batchOf, names);
        clear();
        batches.forEach(send);
    }
}
