package io.confmon.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides, for one request at a time, every record it will send and when: the predictions of each
 * model, the label after a drawn delay, and the mess of real traffic (no label, a corrected label,
 * a retried record, a broken one). Pure and seeded: the same settings and clock readings give the
 * same records, byte for byte, so tests can plan traffic without Kafka or waiting.
 *
 * <p>Event times are planned, not read when a record leaves: a label's {@code ts} is its
 * prediction's plus the drawn delay, and a correction's is later still, so the simulator's
 * scheduling jitter cannot reorder what the contract orders by {@code ts}.
 */
public final class RequestPlanner {
    private static final double[] PREDICTION_WEIGHTS = {1.0, 0.5, 2.0, 1.5, 0.25, 3.0};
    private static final double[] LABEL_WEIGHTS = {0.5, 2.0, 1.5};
    private static final int ID_DIGITS = 9;

    private final SimulatorSettings settings;
    private final TrafficMix mix;
    private final SplittableRandom rng;
    private long sequence;

    public RequestPlanner(SimulatorSettings settings) {
        this.settings = settings;
        this.mix = settings.mix();
        this.rng = new SplittableRandom(settings.seed());
    }

    /** Plans the next request, made at {@code nowMs} (epoch ms). */
    public RequestPlan plan(long nowMs) {
        long seq = sequence++;
        String id = settings.idPrefix() + pad(seq);
        Instant at = Instant.ofEpochMilli(nowMs);
        int actual = settings.models().get(0).classifier().drawActual(rng);
        List<PlannedRecord> out = new ArrayList<>();
        for (SimulatedModel model : settings.models()) {
            int predicted = model.classifier().predict(actual, at, rng);
            add(out, 0, RecordKind.PREDICTION, settings.predictionsTopic(), prediction(id, model, nowMs, predicted), nowMs);
        }
        boolean unlabelled = rng.nextDouble() < mix.unlabelled();
        if (!unlabelled) planLabels(out, id, actual, nowMs);
        if (rng.nextDouble() < mix.malformed()) out.add(malformed(settings.idPrefix() + "bad-" + pad(seq), nowMs));
        return new RequestPlan(id, actual, unlabelled, Collections.unmodifiableList(out));
    }

    private void planLabels(List<PlannedRecord> out, String id, int actual, long nowMs) {
        long labelTs = nowMs + settings.labelDelay().drawMillis(rng);
        boolean corrected = rng.nextDouble() < mix.corrected();
        // A corrected request was first labelled wrong; the correction gives the true class.
        int first = corrected ? otherClass(actual) : actual;
        List<String> targets = labelTargets();
        for (String model : targets) {
            add(out, labelTs - nowMs, RecordKind.LABEL, settings.labelsTopic(), label(id, model, labelTs, first), labelTs);
        }
        if (!corrected) return;
        long correctionTs = labelTs + settings.labelDelay().drawMillis(rng);
        for (String model : targets) {
            add(out, correctionTs - nowMs, RecordKind.CORRECTION, settings.labelsTopic(), label(id, model, correctionTs, actual), correctionTs);
        }
    }

    /** One label for every model (no {@code model} field), or one per model, as a labelling service might do either. */
    private List<String> labelTargets() {
        List<String> targets = new ArrayList<>();
        if (rng.nextDouble() < mix.modelLessLabels()) {
            targets.add(null);
        } else {
            for (SimulatedModel model : settings.models()) targets.add(model.name());
        }
        return targets;
    }

    private void add(List<PlannedRecord> out, long delayMs, RecordKind kind, String topic, DemoEvent event, long timestamp) {
        boolean keyed = rng.nextDouble() >= mix.unkeyed();
        SentEvent record = SentEvent.of(topic, event, keyed, timestamp);
        out.add(new PlannedRecord(delayMs, kind, record, null));
        if (rng.nextDouble() < mix.duplicated()) {
            // A producer retry: the very same bytes, a little later.
            long retryAfter = 1 + rng.nextLong(Math.max(1, settings.labelDelay().median().toMillis()));
            out.add(new PlannedRecord(delayMs + retryAfter, RecordKind.DUPLICATE, record, null));
        }
    }

    private PredictionEvent prediction(String id, SimulatedModel model, long ts, int predicted) {
        FashionClassifier classifier = model.classifier();
        String name = classifier.classes().get(predicted);
        double form = rng.nextDouble();
        PredictionEvent p;
        if (form < mix.scoresOnly()) {
            p = new PredictionEvent(id, model.name(), ts, null, classifier.scores(predicted, rng), null);
        } else if (form < mix.scoresOnly() + mix.scoresToo()) {
            p = new PredictionEvent(id, model.name(), ts, name, classifier.scores(predicted, rng), null);
        } else {
            p = PredictionEvent.named(id, model.name(), ts, name);
        }
        if (rng.nextDouble() < mix.weighted()) p = p.withWeight(pick(PREDICTION_WEIGHTS));
        return p;
    }

    private LabelEvent label(String id, String model, long ts, int actual) {
        LabelEvent l = rng.nextDouble() < mix.indexLabels()
                ? LabelEvent.indexed(id, model, ts, actual)
                : LabelEvent.named(id, model, ts, FashionClassifier.CLASSES.get(actual));
        return rng.nextDouble() < mix.labelWeighted() ? l.withWeight(pick(LABEL_WEIGHTS)) : l;
    }

    private PlannedRecord malformed(String id, long nowMs) {
        Malformation how = Malformation.values()[rng.nextInt(Malformation.values().length)];
        String model = settings.primaryModel();
        String someClass = FashionClassifier.CLASSES.get(rng.nextInt(FashionClassifier.CLASSES.size()));
        SentEvent record = switch (how) {
            case NOT_JSON -> rng.nextBoolean()
                    ? SentEvent.of(settings.predictionsTopic(), new GarbageEvent(model,
                            "{\"id\": \"" + id + "\", \"model\": \"" + model + "\", \"ts\": " + nowMs + ", \"predicted\": \"Sh"),
                            true, nowMs)
                    : SentEvent.of(settings.labelsTopic(), new GarbageEvent(null, "id=" + id + " actual=" + someClass), true, nowMs);
            case NEGATIVE_WEIGHT -> SentEvent.of(settings.predictionsTopic(),
                    PredictionEvent.named(id, model, nowMs, someClass).withWeight(-1.0), true, nowMs);
            case TS_IN_SECONDS -> SentEvent.of(settings.predictionsTopic(),
                    PredictionEvent.named(id, model, nowMs / 1000, someClass), true, nowMs);
            case MISSING_ID -> SentEvent.of(settings.predictionsTopic(),
                    PredictionEvent.named(null, model, nowMs, someClass), false, nowMs);
        };
        return new PlannedRecord(0, RecordKind.MALFORMED, record, how);
    }

    private int otherClass(int actual) {
        int k = FashionClassifier.CLASSES.size();
        return (actual + 1 + rng.nextInt(k - 1)) % k;
    }

    private double pick(double[] choices) {
        return choices[rng.nextInt(choices.length)];
    }

    private static String pad(long seq) {
        String digits = Long.toString(seq);
        return digits.length() >= ID_DIGITS ? digits : "0".repeat(ID_DIGITS - digits.length()) + digits;
    }
}
