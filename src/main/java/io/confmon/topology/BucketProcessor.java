package io.confmon.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 2, partitioned by model: adds each flushed batch of cell deltas into the model's bucket
 * matrices and its counters into the model's totals, and drops buckets past the retention.
 */
final class BucketProcessor implements Processor<String, byte[], String, byte[]> {
    private final long retentionMs;
    private final SnapshotSource snapshots;
    private final Duration snapshotInterval;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Bytes, byte[]> buckets;
    private KeyValueStore<String, byte[]> totals;
    /** When buckets past their retention are next dropped, by stream time (checked after each record). */
    private StreamTimeSchedule dropSchedule;
    private final UpgradeFrom upgradeFrom;
    private boolean legacyRewritten;

    /** @param snapshots null for no snapshots */
    BucketProcessor(long retentionMs, SnapshotSource snapshots, Duration snapshotInterval, UpgradeFrom upgradeFrom) {
        this.upgradeFrom = upgradeFrom;
        this.retentionMs = retentionMs;
        this.snapshots = snapshots;
        this.snapshotInterval = snapshotInterval;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        buckets = context.getStateStore(Names.BUCKET_STORE);
        totals = context.getStateStore(Names.TOTALS_STORE);
        dropSchedule = new StreamTimeSchedule(Duration.ofMinutes(1).toMillis());
        // Snapshots follow the wall clock, like the rolling views on the page and the gauges.
        if (snapshots != null) context.schedule(snapshotInterval, PunctuationType.WALL_CLOCK_TIME, this::snapshot);
    }

    private void snapshot(long now) {
        rewriteLegacyBuckets();
        List<String> models = models();
        if (models.isEmpty()) return;
        for (KeyValue<String, byte[]> s : snapshots.snapshots(buckets, models, now)) {
            context.forward(new Record<>(s.key, s.value, now));
        }
    }

    private List<String> models() {
        List<String> models = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = totals.all()) {
            while (it.hasNext()) {
                String m = it.next().key;
                if (!m.isEmpty()) models.add(m);
            }
        }
        return models;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        rewriteLegacyBuckets();
        String model = record.key();
        DeltaBatch batch = DeltaBatch.decode(record.value(), record.headers());
        for (Map.Entry<DeltaBatch.BucketKey, BucketCells> e : batch.buckets().entrySet()) {
            BucketKey key = new BucketKey(model, e.getKey().bucket(), e.getKey().slice());
            if (upgradeFrom.writesZeroPointOne()) addLegacy(key.toLegacyBytes(), e.getValue());
            else add(key.toBytes(), e.getValue());
        }
        ModelTotals t = ModelTotals.decode(totals.get(model));
        t.add(batch);
        totals.put(model, t.encode(upgradeFrom));
        long now = context.currentStreamTimeMs();
        if (dropSchedule.due(now)) dropExpiredBuckets(now);
    }

    private void add(Bytes key, BucketCells delta) {
        byte[] old = buckets.get(key);
        BucketCells cells = old == null ? new BucketCells() : BucketCells.decode(old, false);
        cells.mergeFrom(delta);
        if (cells.isEmpty()) buckets.delete(key);
        else buckets.put(key, cells.encode());
    }

    /** Under upgrade.from=0.1: 0.1.0's key and value (the store is changelogged; a 0.1.0 instance may restore it). */
    private void addLegacy(Bytes key, BucketCells delta) {
        byte[] old = buckets.get(key);
        BucketCells cells = old == null ? new BucketCells() : BucketCells.decode(old, true);
        cells.mergeFrom(delta);
        if (cells.isEmpty()) buckets.delete(key);
        else buckets.put(key, cells.encodeLegacy());
    }

    /**
     * Once per task, before it changes any bucket: rewrites the buckets 0.1.0 stored under its
     * keys into this version's keys and values, inside the task's transaction (a crash rolls the
     * rewrite back with the rest). Until then the views read both forms.
     */
    private void rewriteLegacyBuckets() {
        // Under upgrade.from=0.1 the 0.1.0 keys stay: this instance writes them too.
        if (legacyRewritten || upgradeFrom.writesZeroPointOne()) return;
        List<KeyValue<Bytes, byte[]>> legacy = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = buckets.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (BucketKey.isLegacy(kv.key)) legacy.add(kv);
            }
        }
        for (KeyValue<Bytes, byte[]> kv : legacy) {
            BucketKey k = BucketKey.parse(kv.key);
            add(new BucketKey(k.model(), k.bucket(), k.slice()).toBytes(), BucketCells.decode(kv.value, true));
            buckets.delete(kv.key);
        }
        legacyRewritten = true;
    }

    private void dropExpiredBuckets(long streamTime) {
        rewriteLegacyBuckets();
        long cutoff = streamTime - retentionMs;
        for (String model : models()) {
            List<Bytes> old = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = buckets.range(BucketKey.lowerBound(model, Long.MIN_VALUE),
                    BucketKey.lowerBound(model, cutoff))) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    if (BucketKey.parse(kv.key).bucket() < cutoff) old.add(kv.key);
                }
            }
            if (upgradeFrom.writesZeroPointOne()) {
                try (KeyValueIterator<Bytes, byte[]> it = buckets.range(BucketKey.legacyLowerBound(model, Long.MIN_VALUE),
                        BucketKey.legacyLowerBound(model, cutoff))) {
                    while (it.hasNext()) {
                        KeyValue<Bytes, byte[]> kv = it.next();
                        if (BucketKey.parse(kv.key).bucket() < cutoff) old.add(kv.key);
                    }
                }
            }
            old.forEach(buckets::delete);
        }
    }
}
