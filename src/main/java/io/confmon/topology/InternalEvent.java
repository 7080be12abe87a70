package io.confmon.topology;

import io.confmon.event.Label;
import io.confmon.event.LabelClass;
import io.confmon.event.Prediction;

/**
 * What travels through the by-id repartition topic: a decoded prediction or label, or the notice
 * of a dead letter (so that the per-model dead-letter count is kept in state, exactly once, like
 * every other count). The id is the record key.
 */
sealed interface InternalEvent permits InternalEvent.OfPrediction, InternalEvent.OfLabel, InternalEvent.DeadLetter {
    int PREDICTION = 1;
    int LABEL = 2;
    int DEAD_LETTER = 3;

    record OfPrediction(Prediction prediction) implements InternalEvent {}

    record OfLabel(Label label) implements InternalEvent {}

    /** @param model the model named by the rejected record, or "" when it named none readable */
    record DeadLetter(String model, String reason) implements InternalEvent {}

    static byte[] encode(InternalEvent event) {
        Bin.Out out = new Bin.Out();
        if (event instanceof OfPrediction op) {
            Prediction p = op.prediction();
            out.u8(PREDICTION).str(p.model()).i64(p.ts()).str(p.predicted()).var(p.weightUnits()).slice(p.slice());
        } else if (event instanceof OfLabel ol) {
            Label l = ol.label();
            out.u8(LABEL).str(l.model() == null ? "" : l.model()).u8(l.model() == null ? 0 : 1).i64(l.ts());
            out.labelClass(l.actual()).var(l.weightUnits());
        } else {
            DeadLetter d = (DeadLetter) event;
            out.u8(DEAD_LETTER).str(d.model()).str(d.reason());
        }
        return out.bytes();
    }

    static InternalEvent decode(String id, byte[] bytes) {
        Bin.In in = new Bin.In(bytes);
        int type = in.u8();
        switch (type) {
            case PREDICTION -> {
                String model = in.str();
                long ts = in.i64();
                String predicted = in.str();
                long units = in.var();
                return new OfPrediction(new Prediction(id, model, ts, predicted, units, in.slice()));
            }
            case LABEL -> {
                String model = in.str();
                boolean hasModel = in.u8() == 1;
                long ts = in.i64();
                LabelClass actual = in.labelClass();
                long units = in.var();
                return new OfLabel(new Label(id, hasModel ? model : null, ts, actual, units));
            }
            case DEAD_LETTER -> {
                return new DeadLetter(in.str(), in.str());
            }
            default -> throw new IllegalStateException("unknown internal event type " + type);
        }
    }
}
