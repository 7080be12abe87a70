package io.confmon.topology;

import static io.confmon.topology.TopologyHarness.MIN;
import static io.confmon.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.confmon.event.ClassSpace;
import io.confmon.event.ModelSettings;
import io.confmon.matrix.ClassIndex;
import io.confmon.matrix.ConfusionMatrix;
import io.confmon.matrix.Metrics;
import io.confmon.testing.ScoredPredictions;
import io.confmon.view.ModelView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract's expected matrix, through the whole topology: each prediction with a full
 * probability vector adds {@code weight x scores[i]} to (actual i, predicted j), labelled or not;
 * the labelled ones also to the expected matrix of the counted rows, with the counted weight.
 * Sums here are made by hand, in BigDecimal, from the events the test sends.
 */
class ExpectedMatrixTopologyTest {
    private static final List<String> CLASSES = List.of("cat", "dog", "fox", "owl");
    private static final ModelSettings MODELS = new ModelSettings(
            Map.of("m", ClassSpace.of(ClassIndex.of(CLASSES))), Map.of(), Set.of(), 0.5);
    private static final int K = CLASSES.size();

    /** One prediction the test sent, and the label it gave it (null for none). */
    private record Sent(String id, long ts, double[] scores, int predicted, boolean predictedGiven, double weight,
                        Integer actual, Double labelWeight) {}

    @Test
    void expectedCellsAreWeightTimesScoresBeforeAndAfterTheLabels() {
        List<Sent> sent = randomPredictions(new Random(7), 400, 0.6);
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            for (Sent s : sent) predict(t, s);
            ModelView before = t.view("m");
            assertThat(before.expected()).as("every prediction has probabilities").isNotNull();
            assertCells(before.expected(), expectedByHand(sent, false));
            assertThat(before.expectedLabelled().totalUnits()).as("nothing labelled yet").isZero();
            assertThat(before.matrix().totalUnits()).isZero();

            for (Sent s : sent) if (s.actual() != null) label(t, s);
            ModelView after = t.view("m");
            assertCells(after.expected(), expectedByHand(sent, false));
            assertCells(after.expectedLabelled(), expectedByHand(sent, true));
            // The labelled expected matrix describes the counted rows: the same total weight.
            assertThat(after.expectedLabelled().totalUnits()).isCloseTo(after.matrix().totalUnits(), within((long) sent.size() * K));
        }
    }

    @Test
    void anyOrderOfTheSameEventsGivesTheSameBuckets() {
        List<Sent> sent = randomPredictions(new Random(11), 200, 0.5);
        List<Runnable> events = new ArrayList<>();
        Map<String, String> inOrder;
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            for (Sent s : sent) predict(t, s);
            for (Sent s : sent) if (s.actual() != null) label(t, s);
            inOrder = t.bucketBytes();
        }
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            for (Sent s : sent) {
                events.add(() -> predict(t, s));
                if (s.actual() != null) events.add(() -> label(t, s));
            }
            Collections.shuffle(events, new Random(3));
            events.forEach(Runnable::run);
            assertThat(t.bucketBytes()).isEqualTo(inOrder);
        }
    }

    @Test
    void anEarlierRepeatReplacesTheExpectedRowAndALabelCorrectionKeepsIt() {
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            predict(t, new Sent("a", T0 + 5 * MIN, new double[] {0.7, 0.1, 0.1, 0.1}, 0, false, 1, null, null));
            label(t, new Sent("a", T0 + 5 * MIN, null, 0, false, 1, 1, null));
            // The earlier prediction of the same id counts instead (the contract's earliest wins): its row replaces the first.
            Sent earlier = new Sent("a", T0 + 2 * MIN, new double[] {0.2, 0.5, 0.2, 0.1}, 1, false, 2, null, null);
            predict(t, earlier);
            ModelView v = t.view("m");
            assertCells(v.expected(), expectedByHand(List.of(earlier), false));
            assertThat(v.matrix().units(1, 1)).isEqualTo(2_000_000);
            assertCells(v.expectedLabelled(), expectedByHand(List.of(new Sent("a", 0, earlier.scores(), 1, false, 2, 1, null)), true));

            // A later label of another class moves the counted cell; the rows it describes are the same.
            label(t, new Sent("a", T0 + 9 * MIN, null, 0, false, 1, 2, 0.5));
            v = t.view("m");
            assertThat(v.matrix().units(2, 1)).isEqualTo(500_000);
            assertCells(v.expectedLabelled(), expectedByHand(List.of(new Sent("a", 0, earlier.scores(), 1, false, 2, 2, 0.5)), true));
        }
    }

    @Test
    void scoresThatAreNotProbabilitiesNameTheClassOnly() {
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            t.predictions.pipeInput(null, TopologyHarness.json(
                    "{\"id\":\"logits\",\"model\":\"m\",\"ts\":%d,\"scores\":[2.5,-1.0,0.3,0.1]}", T0), T0);
            t.predictions.pipeInput(null, TopologyHarness.json(
                    "{\"id\":\"half\",\"model\":\"m\",\"ts\":%d,\"scores\":[0.2,0.2,0.05,0.05]}", T0), T0);
            t.predict("named", "m", T0, "owl");
            ModelView v = t.view("m");
            assertThat(v.predictions()).isEqualTo(3);
            assertThat(v.expected()).isNull();
        }
    }

    /**
     * A calibrated model (the actual class drawn from its own probabilities) realizes what its
     * probabilities promise: the calibration gap is near 0 for every class. An overconfident one
     * (reality is flatter than it says) shows the gap: realized recall well below the promise.
     */
    @Test
    void theCalibrationGapSeparatesACalibratedModelFromAnOverconfidentOne() {
        Map<String, Double> calibrated = calibrationGap(0.0);
        Map<String, Double> overconfident = calibrationGap(0.5);
        assertThat(calibrated).hasSize(K);
        calibrated.values().forEach(gap -> assertThat(gap).isCloseTo(0.0, within(0.03)));
        assertThat(overconfident).hasSize(K);
        overconfident.values().forEach(gap -> assertThat(gap).isLessThan(-0.15));
    }

    /** The gap after 6,000 labelled predictions whose actual class is drawn from {@code (1 - flatten) x scores + flatten x uniform}. */
    private static Map<String, Double> calibrationGap(double flatten) {
        Random rng = new Random(42);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            double[] scores = ScoredPredictions.dirichlet(rng, K, 0.4);
            double[] truth = new double[K];
            for (int c = 0; c < K; c++) truth[c] = (1 - flatten) * scores[c] + flatten / K;
            sent.add(new Sent("c" + i, T0 + (i % 30) * MIN, scores, ScoredPredictions.argmax(scores), false, 1, ScoredPredictions.draw(rng, truth), null));
        }
        try (TopologyHarness t = new TopologyHarness(MODELS)) {
            for (Sent s : sent) {
                predict(t, s);
                label(t, s);
            }
            ModelView v = t.view("m");
            assertThat(v.labelled()).isEqualTo(sent.size());
            return Metrics.calibrationGap(v.matrix(), v.expectedLabelled());
        }
    }

    private static List<Sent> randomPredictions(Random rng, int n, double labelledShare) {
        double[] weights = {1, 0.5, 2.25, 3.333333, 1e-6};
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] scores = ScoredPredictions.dirichlet(rng, K, 1.0);
            boolean given = rng.nextInt(5) == 0;
            int predicted = given ? rng.nextInt(K) : ScoredPredictions.argmax(scores);
            Integer actual = rng.nextDouble() < labelledShare ? rng.nextInt(K) : null;
            Double labelWeight = actual != null && rng.nextInt(4) == 0 ? weights[rng.nextInt(weights.length)] : null;
            sent.add(new Sent("p" + i, T0 + rng.nextInt(5) * MIN + rng.nextInt(60_000), scores, predicted, given,
                    weights[rng.nextInt(weights.length)], actual, labelWeight));
        }
        return sent;
    }

    private static void predict(TopologyHarness t, Sent s) {
        String scores = ScoredPredictions.json(s.scores());
        String predicted = s.predictedGiven() ? ",\"predicted\":\"" + CLASSES.get(s.predicted()) + "\"" : "";
        t.predictions.pipeInput(null, TopologyHarness.json("{\"id\":\"%s\",\"model\":\"m\",\"ts\":%d,\"scores\":[%s]%s,\"weight\":%s}",
                s.id(), s.ts(), scores, predicted, Double.toString(s.weight())), s.ts());
    }

    private static void label(TopologyHarness t, Sent s) {
        String weight = s.labelWeight() == null ? "" : ",\"weight\":" + s.labelWeight();
        t.labels.pipeInput(null, TopologyHarness.json("{\"id\":\"%s\",\"model\":\"m\",\"ts\":%d,\"actual\":\"%s\"%s}",
                s.id(), s.ts() + 30_000, CLASSES.get(s.actual()), weight), s.ts() + 30_000);
    }

    /**
     * The contract's sums: per event, weight in 1e-6 units times the score kept to 1e-6, rounded
     * half up to a unit; over every prediction, or over the labelled ones with the counted weight
     * (the label's when it has one).
     */
    private static long[][] expectedByHand(List<Sent> sent, boolean labelledOnly) {
        long[][] sums = new long[K][K];
        for (Sent s : sent) {
            if (labelledOnly && s.actual() == null) continue;
            double weight = labelledOnly && s.labelWeight() != null ? s.labelWeight() : s.weight();
            for (int i = 0; i < K; i++) sums[i][s.predicted()] += ScoredPredictions.expectedUnits(weight, s.scores()[i]);
        }
        return sums;
    }

    private static void assertCells(ConfusionMatrix m, long[][] byHand) {
        assertThat(m.classes().names()).isEqualTo(CLASSES);
        for (int a = 0; a < K; a++) {
            for (int p = 0; p < K; p++) {
                assertThat(m.units(a, p)).as(String.format(Locale.ROOT, "%s -> %s", CLASSES.get(a), CLASSES.get(p))).isEqualTo(byHand[a][p]);
            }
        }
    }
}
