package io.confmon.app;

import io.confmon.http.Readiness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready means processing: Kafka Streams is RUNNING and no store is restoring (a restoring store
 * would answer with partial matrices). Alive means not failed. Restores are logged when they start,
 * every few seconds while they last, and when they end, and listed with their progress on /readyz.
 */
final class StreamsReadiness implements Readiness, KafkaStreams.StateListener, StateRestoreListener {
    private static final Logger log = LoggerFactory.getLogger(StreamsReadiness.class);
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private final Map<TopicPartition, Progress> restoring = new ConcurrentHashMap<>();

    /** One changelog partition being restored; updated by the restoring thread only. */
    private static final class Progress {
        final String store;
        final long total;
        final long startNanos = System.nanoTime();
        volatile long restored;
        long loggedNanos = startNanos;

        Progress(String store, long total) {
            this.store = store;
            this.total = total;
        }
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        if (newState != oldState) log.info("Kafka Streams {} -> {}", oldState, newState);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
        long total = Math.max(0, endOffset - startOffset);
        restoring.put(partition, new Progress(store, total));
        // Nothing to replay is the common case on a first start: not worth a line each.
        if (total > 0) log.info("restoring {} from {}: {} records (not ready until it is done)", store, partition, total);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        Progress p = restoring.get(partition);
        if (p == null) return;
        p.restored += numRestored;
        long now = System.nanoTime();
        if (now - p.loggedNanos >= PROGRESS_EVERY_NANOS) {
            p.loggedNanos = now;
            log.info("restoring {} from {}: {} of {} records", store, partition, p.restored, p.total);
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Progress p = restoring.remove(partition);
        long ms = p == null ? 0 : (System.nanoTime() - p.startNanos) / 1_000_000;
        if (totalRestored > 0) log.info("restored {} from {}: {} records in {} ms", store, partition, totalRestored, ms);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
        if (totalRestored > 0) log.info("restore of {} from {} suspended after {} records (the task moved)", store, partition, totalRestored);
    }

    @Override
    public boolean ready() {
        return state == KafkaStreams.State.RUNNING && restoring.isEmpty();
    }

    @Override
    public boolean alive() {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
    }

    @Override
    public String state() {
        return state == KafkaStreams.State.RUNNING && !restoring.isEmpty() ? "RESTORING" : state.name();
    }

    @Override
    public List<Restore> restoring() {
        List<Restore> out = new ArrayList<>();
        restoring.forEach((tp, p) -> out.add(new Restore(p.store, tp.topic(), tp.partition(), p.restored, p.total)));
        out.sort((a, b) -> a.changelog().equals(b.changelog()) ? Integer.compare(a.partition(), b.partition()) : a.changelog().compareTo(b.changelog()));
        return out;
    }

    KafkaStreams.State streamsState() {
        return state;
    }
}
