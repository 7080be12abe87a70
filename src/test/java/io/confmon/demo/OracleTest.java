package io.confmon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The oracle on hand-made event lists: each contract rule, then order-freedom over all of them. */
class OracleTest {
    private static final long T = 1_763_800_000_000L;
    private static final Duration HORIZON = Duration.ofDays(7);
    private static final String FASHION = "fashion";
    private static final String CANARY = "fashion-canary";

    private final Oracle oracle = Oracle.fashion(HORIZON);

    @Test
    void aPredictionAndItsLabelMakeOneCell() {
        OracleResult r = oracle.expected(List.of(pred("a", FASHION, T, "Shirt"), label("a", FASHION, T + 1_000, "T-shirt/top")));
        assertThat(r.units()).containsOnlyKeys(FASHION);
        assertThat(r.units().get(FASHION)).isEqualTo(cells("T-shirt/top", "Shirt", 1_000_000L));
        assertThat(r.matrix(FASHION)).isEqualTo(Map.of("T-shirt/top", Map.of("Shirt", 1.0)));
        assertThat(r.tally(FASHION)).isEqualTo(new ModelTally(1, 1, 1, 0, 0, 0));
    }

    @Test
    void aDuplicatedRecordCountsOnce() {
        SentEvent p = pred("a", FASHION, T, "Coat");
        SentEvent l = label("a", FASHION, T + 5, "Coat");
        OracleResult r = oracle.expected(List.of(p, p, l, l));
        assertThat(r.units().get(FASHION)).isEqualTo(cells("Coat", "Coat", 1_000_000L));
        assertThat(r.tally(FASHION)).isEqualTo(new ModelTally(2, 1, 1, 0, 0, 0));
    }

    @Test
    void theEarliestPredictionCounts() {
        OracleResult r = oracle.expected(List.of(
                pred("a", FASHION, T + 10, "Coat"), pred("a", FASHION, T, "Pullover"), label("a", FASHION, T + 20, "Coat")));
        assertThat(r.units().get(FASHION)).isEqualTo(cells("Coat", "Pullover", 1_000_000L));
    }

    @Test
    void predictionTiesGoToTheSmallerClassThenTheSmallerWeight() {
        OracleResult byClass = oracle.expected(List.of(
                pred("a", FASHION, T, "Shirt"), pred("a", FASHION, T, "Coat"), label("a", FASHION, T + 1, "Coat")));
        assertThat(byClass.units().get(FASHION)).isEqualTo(cells("Coat", "Coat", 1_000_000L));
        OracleResult byWeight = oracle.expected(List.of(
                weighted(pred("a", FASHION, T, "Coat"), 2.0), weighted(pred("a", FASHION, T, "Coat"), 0.5), label("a", FASHION, T + 1, "Coat")));
        assertThat(byWeight.units().get(FASHION)).isEqualTo(cells("Coat", "Coat", 500_000L));
    }

    @Test
    void aCorrectionReplacesTheLabelWhateverTheOrder() {
        SentEvent p = pred("a", FASHION, T, "Shirt");
        SentEvent first = label("a", FASHION, T + 10, "Coat");
        SentEvent correction = label("a", FASHION, T + 20, "Shirt");
        Map<String, Map<String, Long>> expected = cells("Shirt", "Shirt", 1_000_000L);
        assertThat(oracle.expected(List.of(p, first, correction)).units().get(FASHION)).isEqualTo(expected);
        assertThat(oracle.expected(List.of(correction, p, first)).units().get(FASHION)).isEqualTo(expected);
    }

    @Test
    void labelTiesGoToTheGreaterClassThenTheGreaterWeight() {
        SentEvent p = pred("a", FASHION, T, "Shirt");
        OracleResult byClass = oracle.expected(List.of(p, label("a", FASHION, T + 5, "Trouser"), label("a", FASHION, T + 5, "Shirt")));
        assertThat(byClass.units().get(FASHION)).isEqualTo(cells("Trouser", "Shirt", 1_000_000L));
        // The same class at the same time: the greater weight; a label without weight loses to one with.
        OracleResult byWeight = oracle.expected(List.of(p, label("a", FASHION, T + 5, "Shirt"),
                labelWeighted("a", FASHION, T + 5, "Shirt", 0.25)));
        assertThat(byWeight.units().get(FASHION)).isEqualTo(cells("Shirt", "Shirt", 250_000L));
    }

    @Test
    void aLabelBeforeItsPredictionJoins() {
        OracleResult r = oracle.expected(List.of(label("a", FASHION, T + 50, "Bag"), pred("a", FASHION, T, "Bag")));
        assertThat(r.units().get(FASHION)).isEqualTo(cells("Bag", "Bag", 1_000_000L));
    }

    @Test
    void aLabelWithoutModelAppliesToEveryModelAndTheLatestLabelWinsPerModel() {
        OracleResult r = oracle.expected(List.of(
                pred("a", FASHION, T, "Shirt"), pred("a", CANARY, T, "T-shirt/top"),
                label("a", null, T + 10, "Shirt"),
                label("a", CANARY, T + 20, "Pullover")));
        assertThat(r.units().get(FASHION)).isEqualTo(cells("Shirt", "Shirt", 1_000_000L));
        assertThat(r.units().get(CANARY)).isEqualTo(cells("Pullover", "T-shirt/top", 1_000_000L));
        // A model's own label does not reach another model.
        OracleResult own = oracle.expected(List.of(pred("b", FASHION, T, "Bag"), pred("b", CANARY, T, "Bag"), label("b", CANARY, T + 1, "Bag")));
        assertThat(own.tally(FASHION).unlabelled()).isEqualTo(1);
        assertThat(own.tally(CANARY).joined()).isEqualTo(1);
    }

    @Test
    void aLabelPastTheHorizonIsLateButOneExactlyAtItJoins() {
        long h = HORIZON.toMillis();
        OracleResult r = oracle.expected(List.of(
                pred("late", FASHION, T, "Dress"), label("late", FASHION, T + h + 1, "Dress"),
                pred("edge", FASHION, T, "Coat"), label("edge", FASHION, T + h, "Coat")));
        assertThat(r.units().get(FASHION)).isEqualTo(cells("Coat", "Coat", 1_000_000L));
        assertThat(r.tally(FASHION)).isEqualTo(new ModelTally(2, 2, 1, 1, 0, 0));
    }

    @Test
    void aLateCorrectionLeavesTheEarlierLabelCounted() {
        long h = HORIZON.toMillis();
        // In this order confmon agrees; with both labels first, stream time would expire the prediction (see Oracle).
        OracleResult r = oracle.expected(List.of(
                pred("a", FASHION, T, "Coat"), label("a", FASHION, T + 10, "Coat"), label("a", FASHION, T + h + 5, "Shirt")));
        assertThat(r.units().get(FASHION)).isEqualTo(cells("Coat", "Coat", 1_000_000L));
        assertThat(r.tally(FASHION).late()).isZero();
    }

    @Test
    void malformedRecordsNeverCount() {
        List<SentEvent> events = List.of(
                new SentEvent("predictions", "x".getBytes(), "{\"id\": \"x\", \"mod".getBytes(), T, new GarbageEvent(FASHION, "{\"id\": \"x\", \"mod")),
                weighted(pred("neg", FASHION, T, "Coat"), -1.0),
                pred("secs", FASHION, T / 1000, "Coat"),
                SentEvent.of("predictions", PredictionEvent.named(null, FASHION, T, "Coat"), false, T),
                pred("bad-class", FASHION, T, "Jumper"),
                label("neg", FASHION, T + 1, "Coat"), label("secs", FASHION, T + 1, "Coat"), label("bad-class", FASHION, T + 1, "Coat"));
        OracleResult r = oracle.expected(events);
        assertThat(r.malformed()).isEqualTo(5);
        assertThat(r.tally(FASHION).malformed()).isEqualTo(5);
        assertThat(r.totalUnits(FASHION)).isZero();
        assertThat(r.tally(FASHION).predictions()).isZero();
    }

    @Test
    void aMissingIdFallsBackToTheKey() {
        SentEvent keyedNoId = new SentEvent("predictions", "k".getBytes(), new byte[0], T,
                PredictionEvent.named(null, FASHION, T, "Sneaker"));
        OracleResult r = oracle.expected(List.of(keyedNoId, label("k", FASHION, T + 1, "Sandal")));
        assertThat(r.units().get(FASHION)).isEqualTo(cells("Sandal", "Sneaker", 1_000_000L));
    }

    @Test
    void aMissingTsFallsBackToTheRecordTimestamp() {
        SentEvent p = SentEvent.of("predictions", new PredictionEvent("a", FASHION, null, "Bag", null, null), true, T);
        SentEvent late = SentEvent.of("labels", new LabelEvent("a", FASHION, null, "Bag", null, null), true, T + HORIZON.toMillis() + 1);
        assertThat(oracle.expected(List.of(p, late)).tally(FASHION).late()).isEqualTo(1);
    }

    @Test
    void theLabelsWeightWinsOverThePredictionsAndSumsAreExact() {
        List<SentEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(weighted(pred("w" + i, FASHION, T, "Coat"), 0.1));
            events.add(label("w" + i, FASHION, T + 1, "Coat"));
        }
        events.add(weighted(pred("x", FASHION, T, "Coat"), 0.1));
        events.add(labelWeighted("x", FASHION, T + 1, "Coat", 2.0));
        assertThat(oracle.expected(events).units().get(FASHION)).isEqualTo(cells("Coat", "Coat", 2_300_000L));
    }

    @Test
    void classIndicesAndScoresResolveThroughTheClassList() {
        List<SentEvent> events = List.of(
                SentEvent.of("predictions", new PredictionEvent("a", FASHION, T, null,
                        new double[] {0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.9, 0.02, 0.01, 0.01}, null), true, T),
                SentEvent.of("labels", LabelEvent.indexed("a", FASHION, T + 1, 0), true, T + 1),
                pred("b", FASHION, T, "Bag"),
                SentEvent.of("labels", LabelEvent.indexed("b", null, T + 1, 12), true, T + 1));
        OracleResult r = oracle.expected(events);
        assertThat(r.units().get(FASHION)).isEqualTo(cells("T-shirt/top", "Shirt", 1_000_000L));
        // Index 12 does not fit a ten-class model: no label for it (a model-less label is not rejected for one model).
        assertThat(r.tally(FASHION).unlabelled()).isEqualTo(1);
        assertThat(r.malformed()).isZero();
    }

    @Test
    void withoutClassListsAnIndexIsItsOwnClassName() {
        OracleResult r = Oracle.learnedClasses(HORIZON).expected(List.of(
                pred("a", FASHION, T, "3"), SentEvent.of("labels", LabelEvent.indexed("a", FASHION, T + 1, 3), true, T + 1)));
        assertThat(r.units().get(FASHION)).isEqualTo(cells("3", "3", 1_000_000L));
    }

    @Test
    void theResultDoesNotDependOnTheOrderOfEvents() {
        long h = HORIZON.toMillis();
        List<SentEvent> events = new ArrayList<>(List.of(
                pred("a", FASHION, T, "Shirt"), pred("a", FASHION, T, "Shirt"), pred("a", CANARY, T + 1, "Coat"),
                label("a", null, T + 100, "Coat"), label("a", FASHION, T + 200, "T-shirt/top"),
                weighted(pred("b", FASHION, T + 5, "Pullover"), 1.5), label("b", FASHION, T + 6, "Coat"),
                label("b", FASHION, T + h + 10, "Pullover"),
                pred("c", FASHION, T, "Sandal"), labelWeighted("c", null, T + 3, "Sneaker", 0.75),
                pred("d", CANARY, T, "Bag"),
                weighted(pred("e", FASHION, T, "Dress"), -1.0)));
        OracleResult reference = oracle.expected(events);
        assertThat(reference.units().get(FASHION)).isEqualTo(merge(
                cells("T-shirt/top", "Shirt", 1_000_000L), cells("Coat", "Pullover", 1_500_000L), cells("Sneaker", "Sandal", 750_000L)));
        assertThat(reference.units().get(CANARY)).isEqualTo(cells("Coat", "Coat", 1_000_000L));
        Random shuffle = new Random(5);
        for (int i = 0; i < 50; i++) {
            Collections.shuffle(events, shuffle);
            assertThat(oracle.expected(events)).isEqualTo(reference);
        }
    }

    static SentEvent pred(String id, String model, long ts, String predicted) {
        return SentEvent.of("predictions", PredictionEvent.named(id, model, ts, predicted), true, ts);
    }

    static SentEvent weighted(SentEvent prediction, double weight) {
        PredictionEvent p = ((PredictionEvent) prediction.event()).withWeight(weight);
        return SentEvent.of(prediction.topic(), p, true, prediction.timestamp());
    }

    static SentEvent label(String id, String model, long ts, String actual) {
        return SentEvent.of("labels", LabelEvent.named(id, model, ts, actual), true, ts);
    }

    static SentEvent labelWeighted(String id, String model, long ts, String actual, double weight) {
        return SentEvent.of("labels", LabelEvent.named(id, model, ts, actual).withWeight(weight), true, ts);
    }

    static Map<String, Map<String, Long>> cells(String actual, String predicted, long units) {
        return Map.of(actual, Map.of(predicted, units));
    }

    @SafeVarargs
    static Map<String, Map<String, Long>> merge(Map<String, Map<String, Long>>... parts) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Map<String, Map<String, Long>> part : parts) {
            part.forEach((a, row) -> row.forEach((p, u) -> out.computeIfAbsent(a, k -> new TreeMap<>()).merge(p, u, Long::sum)));
        }
        return out;
    }
}
