package io.confmon.metrics;

import io.confmon.matrix.ConfusionMatrix;
import io.confmon.topology.ModelTotals;
import io.confmon.topology.Slice;
import io.confmon.topology.PipelineCounter;
import io.confmon.view.BucketRange;
import io.confmon.view.ModelSource;
import io.confmon.view.ModelView;
import io.confmon.view.NotReadyException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Kafka Streams state behind {@link io.confmon.view.LocalState}, built from
 * real {@link ConfusionMatrix}es: the binder only sees the {@link ModelSource} interface, and the
 * integration tests cover the real stores. A view is picked by the length of the asked range.
 */
final class FakeModelSource implements ModelSource {
    private record Key(String model, Slice slice, long lengthMs) {}

    private final long bucketMs;
    private final Map<String, ModelTotals> totals = new TreeMap<>();
    private final Map<Key, ModelView> views = new HashMap<>();
    private final List<String> models = new ArrayList<>();
    private volatile boolean ready = true;
    final AtomicInteger reads = new AtomicInteger();
    private final CountDownLatch secondRead = new CountDownLatch(2);

    FakeModelSource(long bucketMs) {
        this.bucketMs = bucketMs;
    }

    synchronized FakeModelSource view(String model, long lengthMs, ConfusionMatrix m, long predictions, long labelled) {
        return slice(model, null, lengthMs, m, predictions, labelled);
    }

    /** A slice's view; {@code slice} null for the view over all slices. */
    synchronized FakeModelSource slice(String model, Map<String, String> slice, long lengthMs, ConfusionMatrix m, long predictions, long labelled) {
        if (!models.contains(model)) models.add(model);
        views.put(new Key(model, slice == null ? null : Slice.of(slice), lengthMs), new ModelView(model, null, m, predictions, labelled));
        return this;
    }

    synchronized FakeModelSource totals(String model, Map<PipelineCounter, Long> counts) {
        totals.put(model, totalsOf(counts));
        return this;
    }

    synchronized void forget(String model) {
        models.remove(model);
        totals.remove(model);
        views.keySet().removeIf(k -> k.model().equals(model));
    }

    /** Waits for a second read of the models: a scheduled refresh starts only after the one before it ended. */
    boolean awaitFirstRefreshDone(Duration timeout) throws InterruptedException {
        return secondRead.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void ready(boolean ready) {
        this.ready = ready;
    }

    @Override
    public synchronized List<String> models() {
        reads.incrementAndGet();
        secondRead.countDown();
        checkReady();
        return List.copyOf(models);
    }

    @Override
    public synchronized Optional<ModelTotals> totals(String model) {
        checkReady();
        return Optional.ofNullable(totals.get(model));
    }

    @Override
    public synchronized ModelView view(String model, BucketRange range, Map<String, String> slice) {
        checkReady();
        if (!slice.isEmpty()) throw new UnsupportedOperationException("the binder reads slices with viewsBySlice");
        ModelView v = views.get(new Key(model, null, length(range)));
        if (v == null) throw new IllegalStateException("no view of " + model + " over " + length(range) + " ms");
        return new ModelView(model, range, v.matrix(), v.predictions(), v.labelled());
    }

    @Override
    public synchronized Map<Slice, ModelView> viewsBySlice(String model, BucketRange range) {
        checkReady();
        Map<Slice, ModelView> out = new TreeMap<>();
        views.forEach((k, v) -> {
            if (k.model().equals(model) && k.slice() != null && k.lengthMs() == length(range)) {
                out.put(k.slice(), new ModelView(model, range, v.matrix(), v.predictions(), v.labelled()));
            }
        });
        return out;
    }

    private long length(BucketRange range) {
        // BucketRange.last aligns the length up to whole buckets; the views here are whole buckets.
        long length = range.to() - range.from();
        if (length % bucketMs != 0) throw new IllegalStateException("unaligned range " + range);
        return length;
    }

    private void checkReady() {
        if (!ready) throw new NotReadyException("restoring (fake)", null);
    }

    /** ModelTotals only comes from state bytes: here 0.1.0's layout (one zig-zag varint per counter, in its order), which it still reads. */
    static ModelTotals totalsOf(Map<PipelineCounter, Long> counts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PipelineCounter c : List.of(PipelineCounter.JOINED, PipelineCounter.EXPIRED, PipelineCounter.ORPHAN_EXPIRED,
                PipelineCounter.LATE, PipelineCounter.DUPLICATE, PipelineCounter.CORRECTION, PipelineCounter.DEAD_LETTER, PipelineCounter.PENDING)) {
            long v = counts.getOrDefault(c, 0L);
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                out.write((int) ((z & 0x7F) | 0x80));
                z >>>= 7;
            }
            out.write((int) z);
        }
        return ModelTotals.decode(out.toByteArray());
    }
}
