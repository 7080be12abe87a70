package io.confmon.topology;

import static io.confmon.topology.TopologyHarness.MIN;
import static io.confmon.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.event.ModelSettings;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.Weights;
import io.confmon.testing.AwkwardCorpus;
import io.confmon.testing.AwkwardCorpus.Pair;
import io.confmon.view.BucketRange;
import io.confmon.view.MatrixReader;
import io.confmon.view.ModelView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Names and slice values of every awkward kind (see {@link AwkwardCorpus}) through the whole
 * topology: each model's matrix, each sliced matrix and the list of slices equal what the events
 * say, and a replay in another order gives the same bucket bytes.
 */
class AwkwardDataTopologyTest {
    private static final ModelSettings MODELS = new ModelSettings(Map.of(), Map.of(),
            Set.of(AwkwardCorpus.REGION, AwkwardCorpus.DEVICE), 0.5);
    private static final List<Pair> PAIRS = AwkwardCorpus.pairs(30, 7);

    @Test
    void everyNameAndSliceValueIsStoredAndReadAsItIs() {
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            send(t, PAIRS, new Random(1));
            t.flush();
            MatrixReader reader = new MatrixReader(MODELS, 200);
            for (String model : AwkwardCorpus.models()) {
                assertThat(cells(reader.read(t.buckets(), model, BucketRange.ALL, Map.of())))
                        .as("matrix of %s", model).isEqualTo(AwkwardCorpus.cells(PAIRS, model, Map.of()));
                assertThat(t.totals(model).get(PipelineCounter.JOINED)).as("joined of %s", model).isEqualTo(30);
                for (String value : AwkwardCorpus.sliceValues()) {
                    Map<String, String> filter = Map.of(AwkwardCorpus.REGION, value);
                    assertThat(cells(reader.read(t.buckets(), model, BucketRange.ALL, filter)))
                            .as("matrix of %s, region %s", model, value).isEqualTo(AwkwardCorpus.cells(PAIRS, model, filter));
                }
                Set<Slice> expectedSlices = new TreeSet<>();
                PAIRS.stream().filter(p -> p.model().equals(model)).forEach(p -> expectedSlices.add(Slice.of(p.slice())));
                Map<Slice, ModelView> bySlice = reader.readBySlice(t.buckets(), model, BucketRange.ALL);
                assertThat(bySlice.keySet()).as("slices of %s", model).containsExactlyElementsOf(expectedSlices);
                for (Map.Entry<Slice, ModelView> e : bySlice.entrySet()) {
                    assertThat(cells(e.getValue())).isEqualTo(exactSlice(model, e.getKey()));
                }
            }
        }
    }

    @Test
    void anotherArrivalOrderGivesTheSameBucketBytes() {
        Map<String, String> first;
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            send(t, PAIRS, new Random(1));
            first = t.bucketBytes();
        }
        List<Pair> shuffled = new ArrayList<>(PAIRS);
        Collections.shuffle(shuffled, new Random(99));
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            send(t, shuffled, new Random(2));
            assertThat(t.bucketBytes()).isEqualTo(first);
        }
    }

    /** Each pair's prediction and label, the label first for some. */
    private static void send(TopologyHarness t, List<Pair> pairs, Random order) {
        for (Pair p : pairs) {
            // Event time is the pair's own (its place in the corpus), whatever the order sent in.
            long ts = T0 + (PAIRS.indexOf(p) % 50) * MIN;
            byte[] prediction = AwkwardCorpus.predictionJson(p, ts).getBytes(StandardCharsets.UTF_8);
            byte[] label = AwkwardCorpus.labelJson(p, ts + MIN).getBytes(StandardCharsets.UTF_8);
            if (order.nextBoolean()) {
                t.rawLabel(null, label, ts + MIN);
                t.rawPrediction(null, prediction, ts);
            } else {
                t.rawPrediction(null, prediction, ts);
                t.rawLabel(null, label, ts + MIN);
            }
        }
        assertThat(t.deadLetters()).as("dead letters").isEmpty();
    }

    private static Map<String, Map<String, Long>> exactSlice(String model, Slice slice) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Pair p : PAIRS) {
            if (p.model().equals(model) && Slice.of(p.slice()).equals(slice)) {
                out.computeIfAbsent(p.actual(), a -> new TreeMap<>()).merge(p.predicted(), 1L, Long::sum);
            }
        }
        return out;
    }

    static Map<String, Map<String, Long>> cells(ModelView view) {
        ConfusionMatrix m = view.matrix();
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (int a = 0; a < m.size(); a++) {
            for (int p = 0; p < m.size(); p++) {
                long units = m.units(a, p);
                if (units != 0) out.computeIfAbsent(m.classes().name(a), x -> new TreeMap<>()).put(m.classes().name(p), units / Weights.ONE);
            }
        }
        return out;
    }
}
