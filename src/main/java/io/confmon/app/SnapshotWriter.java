package io.confmon.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.confmon.json.Json;
import io.confmon.matrix.MatrixDocument;
import io.confmon.matrix.Normalization;
import io.confmon.topology.SnapshotSource;
import io.confmon.view.BucketRange;
import io.confmon.view.MatrixReader;
import io.confmon.view.ModelView;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The snapshots topic's records: for each model and rolling view, the matrix document (JSON),
 * keyed {@code model|window}, with the view's name in the document's {@code window} field.
 */
public final class SnapshotWriter implements SnapshotSource {
    /** A matrix document with the view it was read for. */
    record Snapshot(String window, MatrixDocument matrix) {}

    private final MatrixReader reader;
    private final List<Config.View> views;
    private final long bucketMs;

    public SnapshotWriter(MatrixReader reader, List<Config.View> views, long bucketMs) {
        this.reader = reader;
        this.views = views;
        this.bucketMs = bucketMs;
    }

    @Override
    public List<KeyValue<String, byte[]>> snapshots(ReadOnlyKeyValueStore<Bytes, byte[]> buckets, List<String> models, long nowMs) {
        List<KeyValue<String, byte[]>> out = new ArrayList<>();
        for (String model : models) {
            for (Config.View view : views) {
                BucketRange range = BucketRange.last(view.millis(), nowMs, bucketMs);
                ModelView v = reader.read(buckets, model, range, Map.of());
                MatrixDocument doc = MatrixDocument.of(model, range.from(), range.to(), v.matrix(), Normalization.TRUE);
                try {
                    out.add(KeyValue.pair(model + "|" + view.name(), Json.MAPPER.writeValueAsBytes(new Snapshot(view.name(), doc))));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }
}
