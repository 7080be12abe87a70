package io.confmon.topology;

import io.confmon.event.Label;
import io.confmon.event.ModelSettings;
import io.confmon.event.Prediction;
import io.confmon.event.Rejection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The join of predictions and labels by id, by the contract's order-free rules: the earliest
 * prediction and the latest label (by {@code ts}) of a (model, id) count. The counted cell is a
 * function of the entry's state, so every event recomputes it and emits the difference: -old cell,
 * +new cell. Whatever order the events of an id arrive in, the same set gives the same cell.
 * Entries expire through a time-ordered index scanned up to stream time.
 */
final class JoinProcessor implements Processor<byte[], Decoded, String, byte[]> {
    private static final Logger log = LoggerFactory.getLogger(JoinProcessor.class);
    private static final int EXPIRY_BATCH = 50_000;

    private final ModelSettings models;
    private final long bucketMs;
    private final long horizonMs;
    private final Duration flushInterval;
    private final LabelDelayListener delays;
    private final UpgradeFrom upgradeFrom;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> entries;
    private ExpiryIndex expiry;
    private DeltaBuffer deltas;
    /** When the expiry index is next scanned, by stream time (checked after each record). */
    private StreamTimeSchedule expirySchedule;

    /** Told each label delay when a pair joins; informative metrics only (not exactly once). */
    interface LabelDelayListener {
        void joined(String model, long delayMs);
    }

    JoinProcessor(ModelSettings models, long bucketMs, long horizonMs, Duration flushInterval, LabelDelayListener delays,
            UpgradeFrom upgradeFrom) {
        this.upgradeFrom = upgradeFrom;
        this.models = models;
        this.bucketMs = bucketMs;
        this.horizonMs = horizonMs;
        this.flushInterval = flushInterval;
        this.delays = delays;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.entries = context.getStateStore(Names.JOIN_STORE);
        Duration expiryInterval = Duration.ofMillis(Math.max(1_000, Math.min(horizonMs / 20, 60_000)));
        this.expiry = new ExpiryIndex(context.getStateStore(Names.EXPIRY_STORE), expiryInterval.toMillis(), upgradeFrom);
        this.deltas = new DeltaBuffer(context.getStateStore(Names.DELTA_STORE), upgradeFrom);
        BeforeCommit beforeCommit = context.getStateStore(Names.JOIN_BEFORE_COMMIT);
        // A commit's deltas are handed on inside its transaction, so they commit with their input.
        // Under upgrade.from=0.1 they are written to the delta store instead and handed on at the
        // flushes only, as 0.1.0 did: the by-model records stay the ones it sent.
        beforeCommit.runAs(context, () -> {
            if (upgradeFrom.writesZeroPointOne()) deltas.write();
            else writeIndexAndFlush();
        });
        // Under exactly-once the buckets read what the join hands on only once its transaction
        // commits, and every commit hands it all on first: a timed flush would show nothing sooner.
        // It would cost throughput, as every punctuation halves the records the stream thread
        // processes per loop before it checks its tasks again.
        if (!exactlyOnce(context) || upgradeFrom.writesZeroPointOne()) {
            context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> writeIndexAndFlush());
        }
        this.expirySchedule = new StreamTimeSchedule(expiryInterval.toMillis());
    }

    private static boolean exactlyOnce(ProcessorContext<?, ?> context) {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(context.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    @Override
    public void process(Record<byte[], Decoded> record) {
        String id = Decoded.idOf(record.key(), record.value());
        InternalEvent event = Decoded.eventOf(id, record.value());
        if (event instanceof InternalEvent.OfPrediction p) onPrediction(id, p.prediction());
        else if (event instanceof InternalEvent.OfLabel l) onLabel(id, l.label());
        else deltas.count(((InternalEvent.DeadLetter) event).model(), PipelineCounter.DEAD_LETTER, 1);
        long now = streamTime();
        if (expirySchedule.due(now)) expire(now);
    }

    private void onPrediction(String id, Prediction p) {
        JoinEntry entry = load(id);
        String model = p.model();
        JoinEntry.Pred candidate = new JoinEntry.Pred(p.ts(), p.predicted(), p.weightUnits(), Slice.of(p.slice()), p.expected());
        JoinEntry.Pred current = entry.predictions.get(model);
        if (current != null && !JoinEntry.counts(candidate, current)) {
            deltas.count(model, PipelineCounter.DUPLICATE, 1);
            return;
        }
        if (current == null && p.ts() + horizonMs < streamTime()) {
            // Its horizon passed before it arrived: no label can join it any more.
            deltas.count(model, PipelineCounter.EXPIRED, 1);
            return;
        }
        entry.predictions.put(model, candidate);
        if (current != null) {
            deltas.count(model, PipelineCounter.DUPLICATE, 1);
            deltas.prediction(model, bucket(current.ts()), current, -1);
        } else {
            deltas.count(model, PipelineCounter.PENDING, 1);
        }
        deltas.prediction(model, bucket(candidate.ts()), candidate, 1);
        recount(entry, model, false);
        if (!entry.counted.containsKey(model) && hasLateLabel(entry, model, candidate)) {
            deltas.count(model, PipelineCounter.LATE, 1);
        }
        save(id, entry);
    }

    private void onLabel(String id, Label l) {
        JoinEntry entry = load(id);
        String key = l.model() == null ? JoinEntry.ANY_MODEL : l.model();
        JoinEntry.Lbl candidate = new JoinEntry.Lbl(l.ts(), l.actual(), l.weightUnits());
        JoinEntry.Lbl current = entry.labels.get(key);
        if (current != null && !JoinEntry.counts(candidate, current)) {
            deltas.count(key, PipelineCounter.DUPLICATE, 1);
            return;
        }
        List<String> affected = new ArrayList<>();
        int late = 0;
        for (Map.Entry<String, JoinEntry.Pred> e : entry.predictions.entrySet()) {
            if (l.model() != null && !l.model().equals(e.getKey())) continue;
            affected.add(e.getKey());
            if (l.ts() - e.getValue().ts() > horizonMs) {
                late++;
                deltas.count(e.getKey(), PipelineCounter.LATE, 1);
            }
        }
        if (!affected.isEmpty() && late == affected.size()) return;
        if (affected.isEmpty() && l.ts() + horizonMs < streamTime()) {
            deltas.count(key, PipelineCounter.ORPHAN_EXPIRED, 1);
            return;
        }
        entry.labels.put(key, candidate);
        boolean changed = false;
        for (String model : affected) changed |= recount(entry, model, true);
        if (current != null && !changed && !affected.isEmpty()) deltas.count(key, PipelineCounter.DUPLICATE, 1);
        save(id, entry);
    }

    /**
     * Recomputes the cell counted for a (model, id) and emits the difference.
     *
     * @return whether the counted cell changed
     */
    private boolean recount(JoinEntry entry, String model, boolean byLabel) {
        JoinEntry.Pred p = entry.predictions.get(model);
        JoinEntry.Lbl l = p == null ? null : countingLabel(entry, p, model);
        JoinEntry.Cell next = null;
        if (l != null) {
            String actual = resolve(l, model);
            if (actual != null) {
                next = new JoinEntry.Cell(bucket(p.ts()), p.slice(), actual, p.predicted(),
                        l.units() != io.confmon.event.Label.NO_WEIGHT ? l.units() : p.units(), p.expected());
            }
        }
        JoinEntry.Cell old = entry.counted.get(model);
        if (Objects.equals(old, next)) return false;
        if (old != null) deltas.cell(model, old, -1);
        if (next != null) {
            deltas.cell(model, next, 1);
            entry.counted.put(model, next);
        } else {
            entry.counted.remove(model);
        }
        if (old == null) {
            deltas.count(model, PipelineCounter.JOINED, 1);
            deltas.count(model, PipelineCounter.PENDING, -1);
            if (delays != null) delays.joined(model, l.ts() - p.ts());
        } else if (next == null) {
            deltas.count(model, PipelineCounter.JOINED, -1);
            deltas.count(model, PipelineCounter.PENDING, 1);
        } else if (byLabel) {
            deltas.count(model, PipelineCounter.CORRECTION, 1);
        }
        return true;
    }

    /** A label that waited for this prediction but came more than the horizon after it. */
    private boolean hasLateLabel(JoinEntry entry, String model, JoinEntry.Pred p) {
        for (JoinEntry.Lbl l : new JoinEntry.Lbl[] {entry.labels.get(model), entry.labels.get(JoinEntry.ANY_MODEL)}) {
            if (l != null && l.ts() - p.ts() > horizonMs) return true;
        }
        return false;
    }

    /** The latest of the model's own label and the label for every model, among those within the horizon. */
    private JoinEntry.Lbl countingLabel(JoinEntry entry, JoinEntry.Pred p, String model) {
        JoinEntry.Lbl best = null;
        for (JoinEntry.Lbl l : new JoinEntry.Lbl[] {entry.labels.get(model), entry.labels.get(JoinEntry.ANY_MODEL)}) {
            if (l == null || l.ts() - p.ts() > horizonMs) continue;
            if (best == null || JoinEntry.counts(l, best)) best = l;
        }
        return best;
    }

    private String resolve(JoinEntry.Lbl l, String model) {
        try {
            return l.actual().resolve(models.space(model));
        } catch (Rejection r) {
            // Only a label for every model can get here (one for this model was checked on arrival).
            log.debug("label for every model does not fit model {}: {}", model, r.detail());
            return null;
        }
    }

    private void expire(long streamTime) {
        for (ExpiryKey filed : expiry.takeDue(streamTime, EXPIRY_BATCH)) {
            long at = filed.at();
            String id = filed.id();
            byte[] stored = entries.get(id);
            if (stored == null) continue;
            JoinEntry entry = JoinEntry.decode(stored);
            if (entry.indexedAt != at) continue;
            long expiresAt = expiresAt(entry);
            if (expiresAt >= streamTime) {
                // Extended since it was filed: file it again under its real expiry.
                expiry.file(expiresAt, id);
                entry.indexedAt = expiresAt;
                entries.put(id, entry.encode(upgradeFrom));
                continue;
            }
            for (String model : entry.predictions.keySet()) {
                if (!entry.counted.containsKey(model)) {
                    deltas.count(model, PipelineCounter.EXPIRED, 1);
                    deltas.count(model, PipelineCounter.PENDING, -1);
                }
            }
            for (String labelled : entry.labels.keySet()) {
                boolean orphan = labelled.equals(JoinEntry.ANY_MODEL) ? entry.predictions.isEmpty()
                        : !entry.predictions.containsKey(labelled);
                if (orphan) deltas.count(labelled, PipelineCounter.ORPHAN_EXPIRED, 1);
            }
            entries.delete(id);
        }
    }

    /**
     * The timed flush writes the index's filings too: under at-least-once, commits come every 30 s,
     * and filings lost in a crash would leave their entries to never expire.
     */
    private void writeIndexAndFlush() {
        expiry.write();
        flush();
    }

    private void flush() {
        long ts = Math.max(0, streamTime());
        deltas.flush((model, batch) -> context.forward(
                new Record<>(model, batch.encode(upgradeFrom), ts, DeltaBatch.headers(upgradeFrom))),
                (model, index) -> models.space(model).className(index));
    }

    private JoinEntry load(String id) {
        byte[] bytes = entries.get(id);
        return bytes == null ? new JoinEntry() : JoinEntry.decode(bytes);
    }

    private void save(String id, JoinEntry entry) {
        long expiresAt = expiresAt(entry);
        // Filed again only when it must expire earlier than it is filed (an earlier prediction
        // replaced a later one); a later expiry is caught up with when the filed time comes due.
        if (entry.indexedAt == Long.MIN_VALUE) {
            expiry.file(expiresAt, id);
            entry.indexedAt = expiresAt;
        } else if (expiresAt < entry.indexedAt) {
            expiry.fileEarlier(entry.indexedAt, expiresAt, id);
            entry.indexedAt = expiresAt;
        }
        entries.put(id, entry.encode(upgradeFrom));
    }

    /** Latest ts of the entry plus the horizon: after it, no event can change the entry's counts. */
    private long expiresAt(JoinEntry entry) {
        long latest = Long.MIN_VALUE;
        for (JoinEntry.Pred p : entry.predictions.values()) latest = Math.max(latest, p.ts());
        for (JoinEntry.Lbl l : entry.labels.values()) latest = Math.max(latest, l.ts());
        return latest + horizonMs;
    }

    private long bucket(long ts) {
        return Math.floorDiv(ts, bucketMs) * bucketMs;
    }

    private long streamTime() {
        return context.currentStreamTimeMs();
    }
}
