package io.confmon.topology;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The join's expiry index: which id to look at when stream time passes which time. The ids filed
 * since the last write are kept in memory and written right before each commit ({@link #write()},
 * run by {@link BeforeCommit}) and at each timed flush (at-least-once), as {@link ExpiryBatch}es, one per slot of
 * {@code slotMs} and per {@value #MAX_BATCH} ids, so under exactly-once they commit with the join
 * entries that filed them, at a few store writes per commit where a key per id made one per id.
 * Under at-least-once nothing is atomic: a crash may lose the filings of the last flush interval
 * (50 ms by default) while their entries' changelog records arrived, and those entries would then
 * never expire; one key per id had the same gap, as long as a producer batch's linger. Filings due are taken filing by filing,
 * as with one key per id: a batch that comes due in part gives up its due filings and the rest is
 * filed again. v1 keys ({@link ExpiryKey}) and 0.1.0's are still read until they are gone; under
 * {@code upgrade.from=0.1} each filing is 0.1.0's key, written at once, which 0.1.0 reads.
 */
public final class ExpiryIndex {
    /** Ids per batch entry: a few tens of kB, far under a changelog record's limit whatever the commit interval. */
    static final int MAX_BATCH = 1_000;

    private final KeyValueStore<Bytes, byte[]> store;
    private final long slotMs;
    private final boolean legacy;
    /** The filings since the last write, by slot. */
    private final TreeMap<Long, List<ExpiryKey>> pending = new TreeMap<>();

    ExpiryIndex(KeyValueStore<Bytes, byte[]> store, long slotMs, UpgradeFrom upgradeFrom) {
        this.store = store;
        this.slotMs = slotMs;
        this.legacy = upgradeFrom.writesZeroPointOne();
    }

    /** Files {@code id} under {@code at}: it is handed out by the first {@link #takeDue} with {@code at} before stream time. */
    void file(long at, String id) {
        if (legacy) {
            store.put(ExpiryKey.legacyBytes(at, id), new byte[0]);
            return;
        }
        pending.computeIfAbsent(Math.floorDiv(at, slotMs), s -> new ArrayList<>()).add(new ExpiryKey(at, id));
    }

    /**
     * Files {@code id} under an earlier time than {@code filedAt}. A filing by an earlier version
     * under {@code filedAt} is deleted; one in a batch stays and is skipped when it comes due (the
     * entry is no longer filed under it).
     */
    void fileEarlier(long filedAt, long at, String id) {
        store.delete(new ExpiryKey(filedAt, id).toBytes());
        store.delete(ExpiryKey.legacyBytes(filedAt, id));
        file(at, id);
    }

    /** How many ids an entry of the index store files: a batch's count, or 1 for a key per id (v1, 0.1.0). */
    public static int filingsIn(Bytes key, byte[] value) {
        return ExpiryBatch.isBatchKey(key) ? ExpiryBatch.read(key, value).filings().size() : 1;
    }

    /** Writes the filings held in memory into the store. */
    void write() {
        for (List<ExpiryKey> slot : pending.values()) {
            for (int from = 0; from < slot.size(); from += MAX_BATCH) {
                ExpiryBatch batch = ExpiryBatch.of(slot.subList(from, Math.min(slot.size(), from + MAX_BATCH)));
                Bytes key = batch.key();
                byte[] old = store.get(key);
                if (old != null) {
                    // Same earliest time and first id as a batch of an earlier commit: one entry holds both.
                    List<ExpiryKey> both = new ArrayList<>(ExpiryBatch.read(key, old).filings());
                    both.addAll(batch.filings());
                    batch = ExpiryBatch.of(both);
                }
                store.put(key, batch.value());
            }
        }
        pending.clear();
    }

    /**
     * Takes the filings due before {@code streamTime} (about {@code limit} at most) out of the
     * index, those still in memory included.
     */
    List<ExpiryKey> takeDue(long streamTime, int limit) {
        List<ExpiryKey> due = new ArrayList<>();
        // In memory only the slots that begin before stream time can hold anything due: usually none.
        Iterator<List<ExpiryKey>> slots = pending.headMap(Math.floorDiv(streamTime, slotMs), true).values().iterator();
        while (slots.hasNext()) {
            List<ExpiryKey> slot = slots.next();
            slot.removeIf(f -> f.at() < streamTime && due.add(f));
            if (slot.isEmpty()) slots.remove();
        }
        List<Bytes> taken = new ArrayList<>();
        Bytes[] batches = ExpiryBatch.holdingDue(streamTime);
        try (KeyValueIterator<Bytes, byte[]> it = store.range(batches[0], batches[1])) {
            while (it.hasNext() && due.size() < limit) {
                KeyValue<Bytes, byte[]> kv = it.next();
                taken.add(kv.key);
                for (ExpiryKey f : ExpiryBatch.read(kv.key, kv.value).filings()) {
                    if (f.at() < streamTime) due.add(f);
                    else file(f.at(), f.id());
                }
            }
        }
        collectKeys(ExpiryKey.due(streamTime), limit, due, taken);
        if (streamTime >= 0) collectKeys(ExpiryKey.legacyDue(streamTime), limit, due, taken);
        for (Bytes key : taken) store.delete(key);
        return due;
    }

    /** One filing per key (v1 or 0.1.0's). */
    private void collectKeys(Bytes[] range, int limit, List<ExpiryKey> due, List<Bytes> taken) {
        if (due.size() >= limit) return;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(range[0], range[1])) {
            while (it.hasNext() && due.size() < limit) {
                Bytes key = it.next().key;
                taken.add(key);
                due.add(ExpiryKey.parse(key));
            }
        }
    }
}
