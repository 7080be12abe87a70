package io.confmon.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Benchmark contender and baseline: the least a Kafka Streams join of predictions and labels can
 * do. One processor reads both topics (keyed by id and partitioned alike, so a task sees both
 * sides of an id); one store by id holds the side that came first, and a second store counts the
 * cells of the partition. No repartition, no output topic, no features: no validation, no
 * duplicates or corrections (the pair's entry is deleted once counted), no expiry, no buckets.
 */
final class BareProcessorJoin {
    static final String BY_ID_STORE = "bare-by-id";
    static final String COUNT_STORE = "bare-cell-counts";

    private BareProcessorJoin() {}

    static Topology build(String predictions, String labels) {
        Topology topology = new Topology();
        topology.addSource("bare-inputs", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), predictions, labels);
        topology.addProcessor("bare-join", () -> new JoinProcessor(predictions), "bare-inputs");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BY_ID_STORE), Serdes.String(), Serdes.String()),
                "bare-join");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNT_STORE), Serdes.String(), Serdes.Long()),
                "bare-join");
        return topology;
    }

    /** Stored by id: 'p' or 'l' (the side that came first), then its class. */
    private static final class JoinProcessor implements Processor<String, byte[], Void, Void> {
        private final String predictions;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, String> byId;
        private KeyValueStore<String, Long> counts;

        JoinProcessor(String predictions) {
            this.predictions = predictions;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.byId = context.getStateStore(BY_ID_STORE);
            this.counts = context.getStateStore(COUNT_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            boolean prediction = context.recordMetadata().orElseThrow().topic().equals(predictions);
            String cls = ClassField.read(record.value(), prediction ? ClassField.PREDICTED : ClassField.ACTUAL);
            char side = prediction ? 'p' : 'l';
            String waiting = byId.get(record.key());
            if (waiting == null) {
                byId.put(record.key(), side + cls);
            } else if (waiting.charAt(0) != side) {
                byId.delete(record.key());
                String other = waiting.substring(1);
                String cell = prediction ? CellCounts.cellKey(other, cls) : CellCounts.cellKey(cls, other);
                Long n = counts.get(cell);
                counts.put(cell, n == null ? 1 : n + 1);
            }
        }
    }
}
