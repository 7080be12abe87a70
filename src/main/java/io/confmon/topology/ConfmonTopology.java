package io.confmon.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The live monitor, top to bottom:
 * <pre>
 * predictions ─┐                                   ┌─> DLQ (unchanged, with headers; same transaction)
 *              ├─ decode + validate ─ key by id ───┤
 * labels ──────┘                                   └─> [by-id] ─> join (state by id) ─> cell deltas
 * cell deltas, summed per model and flushed ─> [by-model] ─> buckets (state by model | bucket | slice)
 * buckets ─ every snapshot.interval ─> snapshots (a matrix document per model and view)
 * </pre>
 * With {@link DirectJoin} on, an event already in its id's partition skips [by-id]: the join
 * then reads the inputs too, in the decoding task ({@code decode ─ direct ─> join}).
 * Results depend on event time only: replaying the same topics with a fresh application id
 * rebuilds the same buckets, byte for byte, whichever path each event takes.
 */
public final class ConfmonTopology {
    private ConfmonTopology() {}

    public static Topology build(TopologySettings settings, Listeners listeners) {
        return build(settings, listeners, null);
    }

    /** @param snapshots what the bucket tasks write to the snapshots topic; null for none */
    public static Topology build(TopologySettings settings, Listeners listeners, SnapshotSource snapshots) {
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder);

        DirectJoin direct = settings.directJoin();
        EventTimeExtractor eventTime = direct.on() ? new EventTimeExtractor(settings) : null;
        Consumed<byte[], byte[]> inputs = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SOURCE);
        KStream<byte[], byte[]> events = builder.stream(List.of(settings.predictionsTopic(), settings.labelsTopic()),
                direct.on() ? inputs.withTimestampExtractor(eventTime) : inputs);

        // The decoder hands each record to the one child it is for, by name (DLQ_SINK, BY_ID_ENTRY, JOIN_INPUT):
        // the DSL's split and its branch nodes cost two more hops per record on the join's path.
        KStream<byte[], Decoded> decoded = events.process(() -> new DecodeProcessor(settings, listeners, eventTime), Named.as(Names.DECODE));
        decoded.to(settings.dlqTopic(), Produced.with(Serdes.ByteArray(), Decoded.dlqSerde()).withName(Names.DLQ_SINK));

        Repartitioned<byte[], Decoded> byId = Repartitioned.with(Serdes.ByteArray(), Decoded.byIdSerde(settings.upgradeFrom()))
                .withName(Names.BY_ID);
        KStream<byte[], Decoded> joinInput;
        if (direct.on()) {
            // by-id's partition count and partitioner fixed to the rule the direct events were picked by.
            KStream<byte[], Decoded> viaById = decoded
                    .repartition(byId.withNumberOfPartitions(direct.partitions()).withStreamPartitioner(direct.byIdPartitioner()));
            joinInput = decoded.merge(viaById, Named.as(Names.JOIN_INPUT));
        } else {
            joinInput = decoded.repartition(byId);
        }

        joinInput
                .process(() -> new JoinProcessor(settings.models(), settings.bucketMs(), settings.horizonMs(),
                                settings.flushInterval(), listeners::labelJoined, settings.upgradeFrom()),
                        Named.as(Names.JOIN), Names.JOIN_STORE, Names.EXPIRY_STORE, Names.DELTA_STORE, Names.JOIN_BEFORE_COMMIT)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(Names.BY_MODEL))
                .process(() -> new BucketProcessor(settings.retentionMs(), snapshots, settings.snapshotInterval(), settings.upgradeFrom()),
                        Named.as(Names.BUCKETS), Names.BUCKET_STORE, Names.TOTALS_STORE)
                .to(settings.snapshotsTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(Names.SNAPSHOT_SINK));

        return builder.build();
    }

    /**
     * Streams settings for every application that runs this topology ({@code confmon run}, a
     * backfill's replay). The topology has no global stores, so the processing exception handler's
     * global switch changes nothing here; on, it keeps Kafka Streams 4.x from warning about it on
     * every start. The main consumer's copy is what silences it: Streams' partition assignor
     * checks the switch again in a config made from the consumer's settings only
     * ({@code AssignorConfiguration}, Kafka Streams 4.3.1), and warned with the top-level key alone.
     */
    public static Map<String, String> streamsSettings() {
        return Map.of(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true",
                StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
    }

    /** Bytes per producer batch in {@link #producerBatching()}: eight times the producer's default. */
    public static final int PRODUCER_BATCH_BYTES = 128 * 1024;

    /**
     * Producer batches of {@value #PRODUCER_BATCH_BYTES} bytes for {@code confmon run} and a
     * backfill's replay, where Streams keeps the producer's 16 KiB. The join writes a changelog
     * record of about 90 B per event, so at 100k events/s a 16 KiB batch of one partition filled
     * every few milliseconds: many small produce requests, each with its own work in the
     * producer's I/O thread and the broker. Streams' 100 ms linger and the commits still bound how
     * long a record waits, so latency is unchanged. Measured with {@code confmon bench monitor}
     * (see the README's "Producer batches").
     */
    public static Map<String, String> producerBatching() {
        return Map.of(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(PRODUCER_BATCH_BYTES));
    }

    /**
     * The join's stores are not cached: measured with {@code confmon bench monitor}, Streams' record
     * cache on the entries and the index cost a third of the throughput. The delta store needs none:
     * the join sums a commit's deltas in memory and hands them on right before the commit
     * ({@link BeforeCommit}); the index batches its filings the same way ({@link ExpiryIndex}).
     */
    private static void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.JOIN_STORE), Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.EXPIRY_STORE), Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.DELTA_STORE), Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(BeforeCommit.builder(Names.JOIN_BEFORE_COMMIT));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.BUCKET_STORE), Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.TOTALS_STORE), Serdes.String(), Serdes.ByteArray()));
    }
}
