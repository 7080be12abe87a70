package io.confmon.topology;

import static io.confmon.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.event.ClassSpace;
import io.confmon.event.ModelSettings;
import io.confmon.matrix.ClassIndex;
import io.confmon.testing.ScoredPredictions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * What a pending prediction costs in the join's stores (serialized key + value of its join entry
 * and expiry index entry), with and without a probability vector, measured on the stores the
 * topology fills: a size, not a time, so a test may hold the goal (<= 200 B at K = 10). Ids as the
 * benchmark's generator makes them ({@code req-} and 10 digits); probabilities a softmax of
 * logits that favour the predicted class, as a trained classifier's do. The test driver commits
 * after every record, so each expiry filing here is a batch of its own (about 18 B more than in a
 * running monitor, where a commit files its ids in a few batches): an upper bound.
 */
class PendingStateCostTest {
    private static final int PENDING = 5_000;

    @Test
    void aPendingPredictionWithProbabilitiesCostsAtMost200BytesAtTenClasses() {
        double without = bytesPerPending(10, false);
        double with = bytesPerPending(10, true);
        double with100 = bytesPerPending(100, true);
        System.out.printf(Locale.ROOT, "state per pending prediction: K=10 %.1f B without probabilities, %.1f B with; K=100 %.1f B with%n",
                without, with, with100);
        assertThat(with).isLessThanOrEqualTo(200);
        // Each class's share costs one to three bytes: the probabilities are what grows with K.
        assertThat(with).isGreaterThan(without + 10);
        assertThat(with100 - without).isGreaterThan(5 * (with - without));
    }

    private static double bytesPerPending(int k, boolean probabilities) {
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < k; i++) classes.add(String.format(Locale.ROOT, "class-%03d", i));
        ModelSettings models = new ModelSettings(Map.of("bench", ClassSpace.of(ClassIndex.of(classes))), Map.of(), Set.of(), 0.5);
        Random rng = new Random(k);
        try (TopologyHarness t = new TopologyHarness(models)) {
            for (int i = 0; i < PENDING; i++) {
                String id = String.format(Locale.ROOT, "req-%010d", i);
                int predicted = rng.nextInt(k);
                long ts = T0 + i * 100L;
                String body = probabilities ? "\"scores\":[" + floats(ScoredPredictions.softmax(rng, k, predicted, 2, 6)) + "]" : "\"predicted\":\"" + classes.get(predicted) + "\"";
                t.predictions.pipeInput(id.getBytes(StandardCharsets.UTF_8),
                        TopologyHarness.json("{\"id\":\"%s\",\"model\":\"bench\",\"ts\":%d,%s}", id, ts, body), ts);
            }
            t.flush();
            KeyValueStore<String, byte[]> join = t.driver.getKeyValueStore(Names.JOIN_STORE);
            KeyValueStore<Bytes, byte[]> expiry = t.driver.getKeyValueStore(Names.EXPIRY_STORE);
            long bytes = 0;
            long entries = 0;
            try (KeyValueIterator<String, byte[]> it = join.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    entries++;
                    bytes += kv.key.getBytes(StandardCharsets.UTF_8).length + kv.value.length;
                }
            }
            try (KeyValueIterator<Bytes, byte[]> it = expiry.all()) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    bytes += kv.key.get().length + kv.value.length;
                }
            }
            assertThat(entries).isEqualTo(PENDING);
            return bytes / (double) PENDING;
        }
    }

    /** As float32, as a model's output is printed. */
    private static String floats(double[] scores) {
        StringBuilder out = new StringBuilder();
        for (double d : scores) out.append(out.length() == 0 ? "" : ",").append((float) d);
        return out.toString();
    }
}
