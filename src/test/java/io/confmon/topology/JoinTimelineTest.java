package io.confmon.topology;

import static io.confmon.topology.TopologyHarness.HOUR;
import static io.confmon.topology.TopologyHarness.MIN;
import static io.confmon.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.Weights;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Random;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The join's timeline, one case per test (label horizon 1 h, buckets of 1 min). Each table reads:
 * time (minutes after T0, event time) | prediction | label | the matrix afterwards.
 */
class JoinTimelineTest {
    private final TopologyHarness t = new TopologyHarness();

    @AfterEach
    void close() {
        t.close();
    }

    private long cell(String model, String actual, String predicted) {
        ConfusionMatrix m = t.matrix(model);
        int a = m.classes().positionOrMinusOne(actual);
        int p = m.classes().positionOrMinusOne(predicted);
        return a < 0 || p < 0 ? 0 : m.units(a, p) / Weights.ONE;
    }

    /**
     * <pre>
     * time | prediction     | label     | matrix
     * 0    | r1: Shirt      |           | (pending)
     * 5    |                | r1: Coat  | Coat->Shirt 1
     * </pre>
     */
    @Test
    void labelAfterPrediction() {
        t.predict("r1", "m", T0, "Shirt");
        assertThat(t.totals("m").get(PipelineCounter.PENDING)).isEqualTo(1);
        t.label("r1", "m", T0 + 5 * MIN, "Coat");
        assertThat(cell("m", "Coat", "Shirt")).isEqualTo(1);
        assertThat(t.matrix("m").totalUnits()).isEqualTo(Weights.ONE);
        assertThat(t.totals("m").get(PipelineCounter.JOINED)).isEqualTo(1);
        assertThat(t.totals("m").get(PipelineCounter.PENDING)).isZero();
    }

    /**
     * <pre>
     * time | prediction | label     | matrix
     * 5    |            | r1: Coat  | (orphan, waits)
     * 0    | r1: Shirt  |           | Coat->Shirt 1, in the bucket of minute 0
     * </pre>
     */
    @Test
    void labelBeforePrediction() {
        t.label("r1", "m", T0 + 5 * MIN, "Coat");
        t.predict("r1", "m", T0, "Shirt");
        assertThat(cell("m", "Coat", "Shirt")).isEqualTo(1);
        assertThat(t.bucketBytes()).hasSize(1);
        assertThat(t.bucketBytes().keySet().iterator().next()).isEqualTo(new BucketKey("m", T0 / MIN * MIN, Slice.NONE).toBytes().toString());
    }

    /**
     * <pre>
     * time | prediction     | label    | matrix
     * 0    | r1: Shirt      |          |
     * 1    | r1: Shirt again|          | (duplicate)
     * 2    |                | r1: Shirt| Shirt->Shirt 1
     * </pre>
     */
    @Test
    void duplicatePredictionCountsOnce() {
        t.predict("r1", "m", T0, "Shirt");
        t.predict("r1", "m", T0 + MIN, "Shirt");
        t.label("r1", "m", T0 + 2 * MIN, "Shirt");
        assertThat(cell("m", "Shirt", "Shirt")).isEqualTo(1);
        assertThat(t.totals("m").get(PipelineCounter.DUPLICATE)).isEqualTo(1);
    }

    /**
     * <pre>
     * time | prediction      | label    | matrix
     * 3    | r1: Coat        |          |
     * 4    |                 | r1: Shirt| Shirt->Coat 1 (bucket 3)
     * 1    | r1: Shirt (earlier: it counts) | | Shirt->Shirt 1 (bucket 1); Shirt->Coat retracted
     * </pre>
     */
    @Test
    void earlierPredictionReplacesTheCountedOne() {
        t.predict("r1", "m", T0 + 3 * MIN, "Coat");
        t.label("r1", "m", T0 + 4 * MIN, "Shirt");
        t.predict("r1", "m", T0 + MIN, "Shirt");
        assertThat(cell("m", "Shirt", "Shirt")).isEqualTo(1);
        assertThat(cell("m", "Shirt", "Coat")).isZero();
        assertThat(t.matrix("m").totalUnits()).isEqualTo(Weights.ONE);
        assertThat(t.view("m").predictions()).isEqualTo(1);
    }

    /**
     * <pre>
     * time | prediction | label         | matrix
     * 0    | r1: Shirt  |               |
     * 2    |            | r1: Coat      | Coat->Shirt 1
     * 2    |            | r1: Coat again| Coat->Shirt 1 (duplicate)
     * 1    |            | r1: Bag (older)| Coat->Shirt 1 (older label: duplicate)
     * </pre>
     */
    @Test
    void duplicateAndOlderLabelsChangeNothing() {
        t.predict("r1", "m", T0, "Shirt");
        t.label("r1", "m", T0 + 2 * MIN, "Coat");
        t.label("r1", "m", T0 + 2 * MIN, "Coat");
        t.label("r1", "m", T0 + MIN, "Bag");
        assertThat(cell("m", "Coat", "Shirt")).isEqualTo(1);
        assertThat(t.matrix("m").totalUnits()).isEqualTo(Weights.ONE);
        assertThat(t.totals("m").get(PipelineCounter.DUPLICATE)).isEqualTo(2);
        assertThat(t.totals("m").get(PipelineCounter.CORRECTION)).isZero();
    }

    /**
     * <pre>
     * time | prediction | label          | matrix
     * 0    | r1: Shirt  |                |
     * 2    |            | r1: Coat       | Coat->Shirt 1
     * 9    |            | r1: T-shirt    | T-shirt->Shirt 1, Coat->Shirt 0 (correction)
     * </pre>
     */
    @Test
    void correctionRetractsTheOldCell() {
        t.predict("r1", "m", T0, "Shirt");
        t.label("r1", "m", T0 + 2 * MIN, "Coat");
        t.label("r1", "m", T0 + 9 * MIN, "T-shirt");
        assertThat(cell("m", "T-shirt", "Shirt")).isEqualTo(1);
        assertThat(cell("m", "Coat", "Shirt")).isZero();
        assertThat(t.totals("m").get(PipelineCounter.CORRECTION)).isEqualTo(1);
        assertThat(t.totals("m").get(PipelineCounter.JOINED)).isEqualTo(1);
    }

    /**
     * <pre>
     * time | prediction | label     | matrix
     * 0    | r1: Shirt  |           | (pending)
     * 61   | (stream time passes 0 + 1 h horizon) | | expired 1, pending 0
     * 62   |            | r1: Coat  | late: not joined
     * </pre>
     */
    @Test
    void unlabelledPredictionExpiresAndALateLabelIsNotJoined() {
        t.predict("r1", "m", T0, "Shirt");
        t.advanceStreamTimeTo(T0 + 61 * MIN);
        assertThat(t.totals("m").get(PipelineCounter.EXPIRED)).isEqualTo(1);
        assertThat(t.totals("m").get(PipelineCounter.PENDING)).isZero();
        t.label("r1", "m", T0 + 62 * MIN, "Coat");
        assertThat(t.matrix("m").totalUnits()).isZero();
        t.advanceStreamTimeTo(T0 + 123 * MIN);
        assertThat(t.totals("m").get(PipelineCounter.ORPHAN_EXPIRED)).isEqualTo(1);
    }

    /**
     * <pre>
     * time | prediction | label            | matrix
     * 0    | r1: Shirt  |                  |
     * 70   |            | r1: Coat (70 min later > 1 h) | not joined
     * 131  | (stream time passes the label's horizon too) |  | expired 1; late + orphan_expired 1
     * </pre>
     * The prediction expires unlabelled whatever the order. The label itself moves stream time
     * past the prediction's horizon, so the order of the label and the expiry punctuator decides
     * what the label is counted as: {@code late} when it finds the prediction (the direct join, and
     * by-id on a broker), or an orphan that expires in its turn when the prediction was dropped
     * first (by-id in the test driver, which punctuates between the two tasks). Never both, never
     * joined.
     */
    @Test
    void labelPastTheHorizonIsNotJoined() {
        t.predict("r1", "m", T0, "Shirt");
        t.label("r1", "m", T0 + 70 * MIN, "Coat");
        assertThat(t.matrix("m").totalUnits()).isZero();
        t.advanceStreamTimeTo(T0 + 131 * MIN);
        assertThat(t.matrix("m").totalUnits()).isZero();
        assertThat(t.totals("m").get(PipelineCounter.EXPIRED)).isEqualTo(1);
        assertThat(t.totals("m").get(PipelineCounter.LATE) + t.totals("m").get(PipelineCounter.ORPHAN_EXPIRED)).isEqualTo(1);
        assertThat(t.totals("m").get(PipelineCounter.JOINED)).isZero();
    }

    /**
     * <pre>
     * time | prediction | label     | matrix
     * 0    |            | r9: Coat  | (orphan)
     * 61   | (stream time passes 0 + 1 h) | | orphan_expired 1
     * </pre>
     */
    @Test
    void orphanLabelExpires() {
        t.label("r9", "m", T0, "Coat");
        t.advanceStreamTimeTo(T0 + 61 * MIN);
        assertThat(t.totals("m").get(PipelineCounter.ORPHAN_EXPIRED)).isEqualTo(1);
        assertThat(t.matrix("m").totalUnits()).isZero();
    }

    /**
     * <pre>
     * time | prediction          | label                 | matrix
     * 0    | r1: a: Shirt, b: Coat |                      |
     * 1    |                     | r1 (no model): Shirt  | a: Shirt->Shirt 1, b: Shirt->Coat 1
     * </pre>
     */
    @Test
    void labelWithoutModelAppliesToEveryModel() {
        t.predict("r1", "a", T0, "Shirt");
        t.predict("r1", "b", T0, "Coat");
        t.label("r1", null, T0 + MIN, "Shirt");
        assertThat(cell("a", "Shirt", "Shirt")).isEqualTo(1);
        assertThat(cell("b", "Shirt", "Coat")).isEqualTo(1);
    }

    @Test
    void weightsAreSummedExactly() {
        t.predict("r1", "m", T0, "A", 0.1);
        t.predict("r2", "m", T0, "A", 0.2);
        t.label("r1", "m", T0, "A");
        t.label("r2", "m", T0, "A");
        assertThat(t.matrix("m").totalUnits()).isEqualTo(Weights.toUnits(0.3));
    }

    /** A bad record goes to the DLQ unchanged with the contract's headers, counted for its model; the stream goes on. */
    @Test
    void badRecordsGoToTheDeadLetterTopic() {
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
        byte[] negative = "{\"id\":\"r2\",\"model\":\"m\",\"predicted\":\"A\",\"weight\":-1}".getBytes(StandardCharsets.UTF_8);
        byte[] seconds = "{\"id\":\"r3\",\"model\":\"m\",\"ts\":1763800000,\"predicted\":\"A\"}".getBytes(StandardCharsets.UTF_8);
        t.rawPrediction("k1".getBytes(StandardCharsets.UTF_8), notJson, T0);
        t.rawPrediction(null, negative, T0);
        t.rawPrediction(null, seconds, T0);
        t.predict("r4", "m", T0, "A");
        t.label("r4", "m", T0, "A");
        List<TestRecord<byte[], byte[]>> dead = t.deadLetters();
        assertThat(dead).hasSize(3);
        assertThat(dead.get(0).value()).isEqualTo(notJson);
        assertThat(dead.get(0).key()).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead.get(0), "confmon.error")).isEqualTo("malformed");
        assertThat(header(dead.get(1), "confmon.error")).isEqualTo("invalid");
        assertThat(header(dead.get(1), "confmon.detail")).contains("weight");
        assertThat(header(dead.get(2), "confmon.error")).isEqualTo("bad_timestamp");
        assertThat(header(dead.get(2), "confmon.source.topic")).isEqualTo("predictions");
        assertThat(header(dead.get(2), "confmon.source.offset")).isEqualTo("2");
        assertThat(t.totals("m").get(PipelineCounter.DEAD_LETTER)).isEqualTo(2);
        assertThat(cell("m", "A", "A")).isEqualTo(1);
    }

    /** Avro single-object records (C3 01 + fingerprint) are read like JSON ones; an unknown fingerprint is malformed. */
    @Test
    void avroSingleObjectEvents() throws Exception {
        var prediction = io.confmon.avro.PredictionEvent.newBuilder().setId("a1").setModel("m").setTs(T0)
                .setScores(List.of(0.1, 0.7, 0.2)).setWeight(2.5).build();
        var label = io.confmon.avro.LabelEvent.newBuilder().setId("a1").setModel("m").setTs(T0 + MIN).setActual(2L).build();
        t.rawPrediction(null, prediction.toByteBuffer().array(), T0);
        t.rawLabel(null, label.toByteBuffer().array(), T0 + MIN);
        assertThat(t.matrix("m").units(2, 1)).isEqualTo(Weights.toUnits(2.5));
        byte[] unknown = prediction.toByteBuffer().array().clone();
        unknown[5] ^= 0x55; // a fingerprint byte: no schema confmon knows
        t.rawPrediction(null, unknown, T0);
        List<TestRecord<byte[], byte[]>> dead = t.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "confmon.error")).isEqualTo("malformed");
        assertThat(header(dead.get(0), "confmon.detail")).contains("fingerprint");
    }

    /** With a class list, an unknown class name or an index out of range goes to the DLQ as unknown_class. */
    @Test
    void classListRejectsUnknownClasses() {
        try (TopologyHarness listed = new TopologyHarness(new io.confmon.event.ModelSettings(
                java.util.Map.of("m", io.confmon.event.ClassSpace.of(io.confmon.matrix.ClassIndex.of(List.of("cat", "dog")))),
                java.util.Map.of(), java.util.Set.of(), 0.5))) {
            listed.predict("r1", "m", T0, "cow");
            listed.predict("r2", "m", T0, 5L);
            listed.predict("r3", "m", T0, 1L);
            listed.label("r3", "m", T0, "dog");
            List<TestRecord<byte[], byte[]>> dead = listed.deadLetters();
            assertThat(dead).extracting(r -> header(r, "confmon.error")).containsExactly("unknown_class", "unknown_class");
            assertThat(listed.matrix("m").units(1, 1)).isEqualTo(Weights.ONE);
        }
    }

    /** The contract's rules are order-free: any arrival order of the same events gives the same bucket bytes. */
    @Test
    void anyArrivalOrderGivesTheSameBuckets() {
        Random rnd = new Random(42);
        List<Consumer<TopologyHarness>> events = new ArrayList<>();
        String[] classes = {"A", "B", "C"};
        for (int i = 0; i < 200; i++) {
            String id = "r" + i;
            long ts = T0 + rnd.nextInt(30) * MIN;
            String p1 = classes[rnd.nextInt(3)];
            String p2 = classes[rnd.nextInt(3)];
            long ts2 = ts + rnd.nextInt(3) * MIN;
            String l1 = classes[rnd.nextInt(3)];
            String l2 = classes[rnd.nextInt(3)];
            long lt = ts + rnd.nextInt(20) * MIN;
            long lt2 = lt + rnd.nextInt(3) * MIN;
            double w = 1 + rnd.nextInt(3);
            events.add(h -> h.predict(id, "m", ts, p1, w));
            if (rnd.nextBoolean()) events.add(h -> h.predict(id, "m", ts2, p2, w));
            if (rnd.nextInt(5) > 0) events.add(h -> h.label(id, "m", lt, l1));
            if (rnd.nextInt(3) == 0) events.add(h -> h.label(id, "m", lt2, l2));
            if (rnd.nextInt(10) == 0) events.add(h -> h.label(id, null, lt2, l1));
        }
        events.forEach(e -> e.accept(t));
        Map<String, String> first = t.bucketBytes();
        assertThat(t.matrix("m").totalUnits()).isGreaterThan(0);
        for (int round = 0; round < 3; round++) {
            Collections.shuffle(events, new Random(round));
            try (TopologyHarness other = new TopologyHarness()) {
                events.forEach(e -> e.accept(other));
                assertThat(other.bucketBytes()).isEqualTo(first);
            }
        }
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
