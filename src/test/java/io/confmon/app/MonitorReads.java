package io.confmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.topology.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** What the monitor's integration tests read back to compare: a matrix document's cells, the bucket store's bytes. */
final class MonitorReads {
    private MonitorReads() {}

    /** The document's non-zero cells (whole weights), actual -> predicted -> count. */
    static Map<String, Map<String, Long>> cells(JsonNode doc) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        List<String> classes = new ArrayList<>();
        doc.get("classes").forEach(c -> classes.add(c.asText()));
        for (int a = 0; a < classes.size(); a++) {
            for (int p = 0; p < classes.size(); p++) {
                long v = Math.round(doc.get("counts").get(a).get(p).asDouble());
                if (v != 0) out.computeIfAbsent(classes.get(a), x -> new TreeMap<>()).put(classes.get(p), v);
            }
        }
        return out;
    }

    /** Every bucket the instance holds, key and value as hex: what a byte-for-byte replay comparison reads. */
    static Map<String, String> bucketBytes(Monitor monitor) {
        Map<String, String> out = new TreeMap<>();
        ReadOnlyKeyValueStore<Bytes, byte[]> buckets = monitor.streams().store(
                StoreQueryParameters.fromNameAndType(Names.BUCKET_STORE, QueryableStoreTypes.keyValueStore()));
        try (KeyValueIterator<Bytes, byte[]> it = buckets.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                out.put(kv.key.toString(), Bytes.wrap(kv.value).toString());
            }
        }
        return out;
    }
}
