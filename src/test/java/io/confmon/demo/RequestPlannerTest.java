package io.confmon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the simulator will send, planned without Kafka or waiting. */
class RequestPlannerTest {
    private static final long T = 1_763_800_000_000L;
    private static final Duration HORIZON = Duration.ofDays(7);

    private static SimulatorSettings settings() {
        return SimulatorSettings.defaults().withSeed(1).withIdPrefix("t-").withCanary();
    }

    @Test
    void theSameSettingsPlanTheSameBytes() {
        List<PlannedRecord> a = plan(new RequestPlanner(settings()), 2_000);
        List<PlannedRecord> b = plan(new RequestPlanner(settings()), 2_000);
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).record().value()).isEqualTo(b.get(i).record().value());
            assertThat(a.get(i).delayMs()).isEqualTo(b.get(i).delayMs());
        }
    }

    @Test
    void theMessOfRealTrafficComesInTheConfiguredShares() {
        int n = 50_000;
        RequestPlanner planner = new RequestPlanner(settings());
        Map<RecordKind, Integer> kinds = new EnumMap<>(RecordKind.class);
        int unlabelled = 0;
        int corrected = 0;
        int unkeyed = 0;
        int scoresOnly = 0;
        int records = 0;
        for (int i = 0; i < n; i++) {
            RequestPlan plan = planner.plan(T + i);
            if (plan.unlabelled()) unlabelled++;
            boolean hasCorrection = false;
            for (PlannedRecord r : plan.records()) {
                kinds.merge(r.kind(), 1, Integer::sum);
                if (r.kind() == RecordKind.CORRECTION) hasCorrection = true;
                if (r.kind() == RecordKind.DUPLICATE) continue;
                records++;
                if (r.record().key() == null && r.kind() != RecordKind.MALFORMED) unkeyed++;
                if (r.record().event() instanceof PredictionEvent p && p.predicted() == null && r.kind() == RecordKind.PREDICTION) scoresOnly++;
            }
            if (hasCorrection) corrected++;
        }
        assertThat(kinds.get(RecordKind.PREDICTION)).isEqualTo(2 * n);
        assertThat(unlabelled / (double) n).isCloseTo(0.08, within(0.006));
        assertThat(corrected / (double) (n - unlabelled)).isCloseTo(0.02, within(0.003));
        assertThat(kinds.get(RecordKind.DUPLICATE) / (double) records).isCloseTo(0.01, within(0.002));
        assertThat(kinds.get(RecordKind.MALFORMED) / (double) n).isCloseTo(0.002, within(0.001));
        assertThat(unkeyed / (double) records).isCloseTo(0.10, within(0.01));
        assertThat(scoresOnly / (double) (2 * n)).isCloseTo(0.20, within(0.01));
    }

    @Test
    void labelsComeAfterTheirPredictionAndCorrectionsAfterTheLabelWithAnotherClass() {
        RequestPlanner planner = new RequestPlanner(settings().withMix(
                new TrafficMix(0, 0.5, 0.2, 0, 0.1, 0.2, 0.05, 0.05, 0.01, 0.1, 0.3)));
        for (int i = 0; i < 5_000; i++) {
            long now = T + i * 20L;
            RequestPlan plan = planner.plan(now);
            Map<String, LabelEvent> firstLabel = new HashMap<>();
            for (PlannedRecord r : plan.records()) {
                assertThat(r.record().timestamp()).isEqualTo(now + r.delayMs() - retryDelay(r, plan));
                if (r.record().event() instanceof PredictionEvent p) {
                    assertThat(p.ts()).isEqualTo(now);
                } else if (r.record().event() instanceof LabelEvent l) {
                    assertThat(l.ts()).isGreaterThan(now).isLessThanOrEqualTo(now + 2 * Duration.ofMinutes(5).toMillis());
                    if (r.kind() == RecordKind.LABEL) firstLabel.put(l.model(), l);
                    if (r.kind() == RecordKind.CORRECTION) {
                        LabelEvent first = firstLabel.get(l.model());
                        assertThat(l.ts()).isGreaterThan(first.ts());
                        assertThat(className(l)).isNotEqualTo(className(first)).isEqualTo(FashionClassifier.CLASSES.get(plan.actual()));
                    }
                }
            }
        }
    }

    @Test
    void malformedRecordsAreEachRejectedByTheOracle() {
        RequestPlanner planner = new RequestPlanner(settings().withMix(new TrafficMix(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0)));
        Map<Malformation, Integer> seen = new EnumMap<>(Malformation.class);
        List<SentEvent> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            for (PlannedRecord r : planner.plan(T + i).records()) {
                sent.add(r.record());
                if (r.malformation() != null) seen.merge(r.malformation(), 1, Integer::sum);
            }
        }
        assertThat(seen).containsOnlyKeys(Malformation.values());
        OracleResult expected = Oracle.fashion(HORIZON).expected(sent);
        assertThat(expected.malformed()).isEqualTo(400);
        assertThat(expected.tally(SimulatedModel.PRIMARY).joined()).isEqualTo(400);
    }

    @Test
    void everyLabelledRequestJoinsEachModelOnce() {
        RequestPlanner planner = new RequestPlanner(settings());
        List<SentEvent> sent = new ArrayList<>();
        int requests = 20_000;
        int unlabelled = 0;
        int malformed = 0;
        for (int i = 0; i < requests; i++) {
            RequestPlan plan = planner.plan(T + i * 20L);
            if (plan.unlabelled()) unlabelled++;
            for (PlannedRecord r : plan.records()) {
                sent.add(r.record());
                if (r.kind() == RecordKind.MALFORMED) malformed++;
            }
        }
        OracleResult expected = Oracle.fashion(HORIZON).expected(sent);
        for (String model : List.of(SimulatedModel.PRIMARY, SimulatedModel.CANARY)) {
            ModelTally tally = expected.tally(model);
            assertThat(tally.predictions()).isEqualTo(requests);
            assertThat(tally.joined()).isEqualTo(requests - unlabelled);
            assertThat(tally.unlabelled()).isEqualTo(unlabelled);
            assertThat(tally.late()).isZero();
        }
        assertThat(expected.malformed()).isEqualTo(malformed);
    }

    @Test
    void driftShowsInTheOraclesShirtRow() {
        Instant driftAt = Instant.ofEpochMilli(T + 30_000_000L);
        SimulatorSettings s = SimulatorSettings.defaults().withSeed(4).withIdPrefix("d-").withMix(TrafficMix.clean())
                .withPrimaryClassifier(FashionClassifier.standard().withDrift(driftAt));
        RequestPlanner planner = new RequestPlanner(s);
        List<SentEvent> before = new ArrayList<>();
        List<SentEvent> after = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            long now = T + i * 1_000L;
            for (PlannedRecord r : planner.plan(now).records()) (now < driftAt.toEpochMilli() ? before : after).add(r.record());
        }
        assertThat(shirtAsTop(Oracle.fashion(HORIZON).expected(before))).isCloseTo(0.12, within(0.02));
        assertThat(shirtAsTop(Oracle.fashion(HORIZON).expected(after))).isCloseTo(0.45, within(0.03));
    }

    private static double shirtAsTop(OracleResult r) {
        Map<String, Double> row = r.matrix(SimulatedModel.PRIMARY).get("Shirt");
        double total = row.values().stream().mapToDouble(Double::doubleValue).sum();
        return row.getOrDefault("T-shirt/top", 0.0) / total;
    }

    private static String className(LabelEvent l) {
        return l.actual() != null ? l.actual() : FashionClassifier.CLASSES.get(l.actualIndex());
    }

    /** A retry keeps the original record's timestamp but leaves later. */
    private static long retryDelay(PlannedRecord r, RequestPlan plan) {
        if (r.kind() != RecordKind.DUPLICATE) return 0;
        for (PlannedRecord original : plan.records()) {
            if (original.kind() != RecordKind.DUPLICATE && original.record() == r.record()) return r.delayMs() - original.delayMs();
        }
        throw new AssertionError("a retry of a record the plan does not send");
    }

    private static List<PlannedRecord> plan(RequestPlanner planner, int n) {
        List<PlannedRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.addAll(planner.plan(T + i).records());
        return out;
    }
}
