package io.confmon.view;

import io.confmon.matrix.Weights;
import io.confmon.topology.ModelTotals;
import io.confmon.topology.Names;
import io.confmon.topology.PipelineCounter;
import io.confmon.topology.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the models this instance holds from its local stores (interactive queries). Never a
 * partial answer: while a store is restoring or moving it throws {@link NotReadyException}.
 */
public final class LocalState implements ModelSource {
    private final KafkaStreams streams;
    private final MatrixReader reader;

    public LocalState(KafkaStreams streams, MatrixReader reader) {
        this.streams = streams;
        this.reader = reader;
    }

    @Override
    public List<String> models() {
        List<String> models = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = totals().all()) {
            while (it.hasNext()) {
                String m = it.next().key;
                if (!m.isEmpty()) models.add(m);
            }
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the model totals are not queryable yet", e);
        }
        return models;
    }

    @Override
    public Optional<ModelTotals> totals(String model) {
        try {
            byte[] bytes = totals().get(model);
            return bytes == null ? Optional.empty() : Optional.of(ModelTotals.decode(bytes));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the model totals are not queryable yet", e);
        }
    }

    @Override
    public Map<Slice, ModelView> viewsBySlice(String model, BucketRange range) {
        try {
            return reader.readBySlice(buckets(), model, range);
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the buckets of " + model + " are not queryable yet", e);
        }
    }

    @Override
    public ModelView view(String model, BucketRange range, Map<String, String> slice) {
        try {
            return reader.read(buckets(), model, range, slice);
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the buckets of " + model + " are not queryable yet", e);
        }
    }

    public ModelSummary summary(String model) {
        ModelTotals t = totals(model).orElse(ModelTotals.decode(null));
        ModelView all = view(model, BucketRange.ALL, Map.of());
        return new ModelSummary(model, all.matrix().classes().names(), Weights.toWeight(all.matrix().totalUnits()),
                t.get(PipelineCounter.PENDING), t.get(PipelineCounter.JOINED), t.get(PipelineCounter.EXPIRED),
                t.get(PipelineCounter.ORPHAN_EXPIRED), t.get(PipelineCounter.LATE), t.get(PipelineCounter.DUPLICATE),
                t.get(PipelineCounter.CORRECTION), t.get(PipelineCounter.DEAD_LETTER));
    }

    private ReadOnlyKeyValueStore<String, byte[]> totals() {
        return streams.store(StoreQueryParameters.fromNameAndType(Names.TOTALS_STORE, QueryableStoreTypes.keyValueStore()));
    }

    private ReadOnlyKeyValueStore<Bytes, byte[]> buckets() {
        return streams.store(StoreQueryParameters.fromNameAndType(Names.BUCKET_STORE, QueryableStoreTypes.keyValueStore()));
    }
}
