package io.confmon.view;

import io.confmon.topology.Names;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a model lives: every model's buckets are in one task (partitioned by model), so Streams'
 * metadata names the one instance that answers for it, and exports its gauges.
 */
public final class ModelLocator {
    private final KafkaStreams streams;
    private final HostInfo self;

    public ModelLocator(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
    }

    /** The instance holding the model's active state. */
    public HostInfo ownerOf(String model) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(Names.TOTALS_STORE, model, Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotReadyException("no instance holds " + model + " yet (rebalancing)", null);
        }
        return meta.activeHost();
    }

    public boolean isLocal(HostInfo host) {
        return host.equals(self) || (host.port() == self.port() && isLoopback(host.host()) && isLoopback(self.host()));
    }

    /** Every other instance of this application. */
    public Set<HostInfo> others() {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            if (!isLocal(m.hostInfo())) hosts.add(m.hostInfo());
        }
        return hosts;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.");
    }
}
