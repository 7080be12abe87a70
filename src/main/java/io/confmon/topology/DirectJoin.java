package io.confmon.topology;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Whether the join reads the input topics directly ({@code join.direct}), and the one rule both
 * paths share: the partition of an id is {@code toPositive(murmur2(utf8(id))) % partitions}, the
 * default producer partitioner's, over the by-id repartition topic's partition count.
 *
 * <p>With the direct path on, the join's tasks read the input topics as well as by-id, and task
 * {@code p} reads partition {@code p} of each (Streams groups a sub-topology's source partitions by
 * number). Task {@code p} holds the join state of exactly the ids whose partition is {@code p}, so
 * an input record that already sits in its id's partition number can be joined where it was read;
 * every other record (another partitioner, a null or other key, a topic with another partition
 * count) goes through by-id, which this class's partitioner routes by the same rule. Results are
 * the same whichever path a record takes.
 *
 * @param partitions partitions of the by-id topic: the larger of the inputs' counts (what Streams
 *                   gives by-id without the direct path); 0 when the direct path is off
 */
public record DirectJoin(int partitions) {
    public static final DirectJoin OFF = new DirectJoin(0);

    public DirectJoin {
        if (partitions < 0) throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
    }

    /** On, over a by-id topic with as many partitions as the larger input. */
    public static DirectJoin over(int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        return new DirectJoin(partitions);
    }

    public boolean on() {
        return partitions > 0;
    }

    /** The partition of by-id, and so the task, that holds the id's join state. */
    public int partitionOf(byte[] idUtf8) {
        return Utils.toPositive(Utils.murmur2(idUtf8)) % partitions;
    }

    /** Whether a record read from {@code inputPartition} is already in the task that joins its id. */
    public boolean isLocal(byte[] idUtf8, int inputPartition) {
        return on() && inputPartition == partitionOf(idUtf8);
    }

    /**
     * Routes by-id by {@link #partitionOf}: the same function as the producer's default, written
     * out so that a {@code partitioner.class} given to Streams' producers cannot split an id
     * between the two paths.
     */
    <V> StreamPartitioner<byte[], V> byIdPartitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(String topic, byte[] key, V value, int numPartitions) {
                if (numPartitions != partitions) {
                    throw new IllegalStateException(topic + " has " + numPartitions + " partitions, the direct join was set up for "
                            + partitions + ": an id would be joined in two places");
                }
                return Optional.of(Set.of(partitionOf(key)));
            }
        };
    }
}
