package io.confmon.app;

import io.confmon.http.Readiness;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Ready means processing: Kafka Streams is RUNNING and no store is restoring (a restoring store
 * would answer with partial matrices). Alive means not failed.
 */
final class StreamsReadiness implements Readiness, KafkaStreams.StateListener, StateRestoreListener {
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private final AtomicInteger restoring = new AtomicInteger();

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
        restoring.incrementAndGet();
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {}

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.decrementAndGet();
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.decrementAndGet();
    }

    @Override
    public boolean ready() {
        return state == KafkaStreams.State.RUNNING && restoring.get() <= 0;
    }

    @Override
    public boolean alive() {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
    }

    @Override
    public String state() {
        return state == KafkaStreams.State.RUNNING && restoring.get() > 0 ? "RESTORING" : state.name();
    }

    KafkaStreams.State streamsState() {
        return state;
    }
}
