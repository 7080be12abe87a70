package io.confmon.topology;

import io.confmon.event.EventDecoder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The input topics' timestamps when the join reads them directly ({@link DirectJoin}): the
 * event's {@code ts}. The join's expiry runs on its task's stream time, which Streams takes from
 * the timestamps its sources extract; through by-id that is event time (the decoder stamps it), and
 * read directly it must be too, or a producer's clock (a backfill of last month's events sent
 * today) would expire every pending entry. A rejected record gets its partition's time, so it
 * moves nothing.
 *
 * <p>Decoding is what finds the {@code ts}, so the outcome is kept for {@link DecodeProcessor},
 * which takes it instead of decoding twice, with the record's own timestamp (the DLQ keeps it, and
 * an event without {@code ts} is dated by it). Streams extracts a partition's next record when it
 * hands out the current one, on the stream thread, so the memory is per thread and keeps the
 * last {@value #KEPT} outcomes per partition.
 */
final class EventTimeExtractor implements TimestampExtractor {
    static final int KEPT = 4;

    private final String labelsTopic;
    private final ThreadLocal<Memory> memory;
    /**
     * The memory used last, checked against the calling thread: a stream thread's thread-local map
     * holds many entries, and looking this one up twice per record showed in profiles.
     */
    private volatile Memory last;

    EventTimeExtractor(TopologySettings settings) {
        this.labelsTopic = settings.labelsTopic();
        this.memory = ThreadLocal.withInitial(() -> new Memory(Thread.currentThread(), new EventDecoder(settings.models())));
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Memory m = memory();
        DecodedInput in = DecodedInput.decode(m.decoder, record.topic().equals(labelsTopic),
                (byte[]) record.key(), (byte[]) record.value(), record.timestamp(), record.offset());
        m.put(record.topic(), record.partition(), in);
        return in.valid() ? in.eventTs() : Math.max(0L, partitionTime);
    }

    /**
     * The outcome of the record at {@code offset}, decoded when its timestamp was extracted.
     *
     * @throws IllegalStateException when it was not extracted on this thread: a record's own
     *         timestamp is not to be had any more, and guessing it could change what the DLQ gets
     */
    DecodedInput take(String topic, int partition, long offset) {
        DecodedInput in = memory().take(topic, partition, offset);
        if (in == null) {
            throw new IllegalStateException("no decoded record for " + topic + "-" + partition + "@" + offset
                    + " on this thread: Kafka Streams did not extract its timestamp just before processing it");
        }
        return in;
    }

    private Memory memory() {
        Memory m = last;
        if (m == null || m.thread != Thread.currentThread()) {
            m = memory.get();
            last = m;
        }
        return m;
    }

    /**
     * The last outcomes per partition, oldest first: by topic, then by partition number (no
     * {@code TopicPartition} made and hashed twice per record).
     */
    private static final class Memory {
        private static final DecodedInput[][] NONE = new DecodedInput[0][];

        final Thread thread;
        final EventDecoder decoder;
        final Map<String, DecodedInput[][]> kept = new HashMap<>();

        Memory(Thread thread, EventDecoder decoder) {
            this.thread = thread;
            this.decoder = decoder;
        }

        void put(String topic, int partition, DecodedInput in) {
            DecodedInput[][] partitions = kept.getOrDefault(topic, NONE);
            if (partition >= partitions.length) {
                partitions = Arrays.copyOf(partitions, partition + 1);
                kept.put(topic, partitions);
            }
            DecodedInput[] slots = partitions[partition];
            if (slots == null) slots = partitions[partition] = new DecodedInput[KEPT];
            System.arraycopy(slots, 1, slots, 0, KEPT - 1);
            slots[KEPT - 1] = in;
        }

        DecodedInput take(String topic, int partition, long offset) {
            DecodedInput[][] partitions = kept.getOrDefault(topic, NONE);
            DecodedInput[] slots = partition < partitions.length ? partitions[partition] : null;
            if (slots == null) return null;
            for (int i = KEPT - 1; i >= 0; i--) {
                if (slots[i] != null && slots[i].offset() == offset) {
                    DecodedInput found = slots[i];
                    slots[i] = null;
                    return found;
                }
            }
            return null;
        }
    }
}
