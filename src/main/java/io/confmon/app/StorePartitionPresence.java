package io.confmon.app;

import io.confmon.http.ModelPresence;
import io.confmon.topology.Names;
import io.confmon.view.NotReadyException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Looks a model up in its own partition of the totals store. Kafka Streams' metadata names the new
 * owner of a moved model a moment before its task runs here; a query over all local stores would
 * then simply not find the model (a 404 for a model that exists), where a query of its partition
 * fails as not queryable yet.
 */
final class StorePartitionPresence implements ModelPresence {
    private final KafkaStreams streams;

    StorePartitionPresence(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public boolean holds(String model) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(Names.TOTALS_STORE, model, Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotReadyException("no instance holds " + model + " yet (rebalancing)", null);
        }
        try {
            ReadOnlyKeyValueStore<String, byte[]> totals = streams.store(StoreQueryParameters
                    .fromNameAndType(Names.TOTALS_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                    .withPartition(meta.partition()));
            return totals.get(model) != null;
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the state of " + model + " is not queryable here yet (it is moving or restoring)", e);
        }
    }
}
