package io.confmon.topology;

import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Makes the periodic snapshots of the models a bucket task holds (matrix documents per rolling
 * view). Given to the topology from outside so that the topology does not depend on the views.
 */
public interface SnapshotSource {
    /** Records for the snapshots topic: key {@code model|window}, value the snapshot's bytes. */
    List<KeyValue<String, byte[]>> snapshots(ReadOnlyKeyValueStore<Bytes, byte[]> buckets, List<String> models, long nowMs);
}
