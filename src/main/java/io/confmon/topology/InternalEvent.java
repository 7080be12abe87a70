package io.confmon.topology;

import io.confmon.event.Label;
import io.confmon.event.LabelClass;
import io.confmon.event.Prediction;

/**
 * What travels through the by-id repartition topic: a decoded prediction or label, or the notice
 * of a dead letter (so that the per-model dead-letter count is kept in state, exactly once, like
 * every other count). The id is the record key (its UTF-8 bytes).
 * Layout v2: {@code 0xF7 | type} then a prediction {@code str model | zig-zag ts | str predicted | zig-zag units | slice | probabilities},
 * a label {@code u8 has-model | [str model] | zig-zag ts | label class | zig-zag units}, or a dead
 * letter {@code str model | str reason}. v1 ({@code 0xF5}: a prediction without probabilities) and
 * 0.1.0 records (starting with the type, 1..3) are still read.
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
        ByteWriter out = new ByteWriter(64).u8(Formats.V2);
        if (event instanceof OfPrediction op) {
            Prediction p = op.prediction();
            out.u8(PREDICTION).str(p.model()).var(p.ts()).str(p.predicted()).var(p.weightUnits()).slice(Slice.of(p.slice()))
                    .probabilities(p.expected());
        } else if (event instanceof OfLabel ol) {
            Label l = ol.label();
            out.u8(LABEL);
            if (l.model() == null) out.u8(0);
            else out.u8(1).str(l.model());
            out.var(l.ts()).labelClass(l.actual()).var(l.weightUnits());
        } else {
            DeadLetter d = (DeadLetter) event;
            out.u8(DEAD_LETTER).str(d.model()).str(d.reason());
        }
        return out.toBytes();
    }

    /** 0.1.0's layout (see {@link #decodeLegacy}), written under {@code upgrade.from=0.1}. */
    static byte[] encodeLegacy(InternalEvent event) {
        LegacyWriter out = new LegacyWriter();
        if (event instanceof OfPrediction op) {
            Prediction p = op.prediction();
            out.u8(PREDICTION).str(p.model()).i64(p.ts()).str(p.predicted()).var(p.weightUnits()).slice(Slice.of(p.slice()));
        } else if (event instanceof OfLabel ol) {
            Label l = ol.label();
            out.u8(LABEL).str(l.model() == null ? "" : l.model()).u8(l.model() == null ? 0 : 1).i64(l.ts());
            out.labelClass(l.actual()).var(l.weightUnits());
        } else {
            DeadLetter d = (DeadLetter) event;
            out.u8(DEAD_LETTER).str(d.model()).str(d.reason());
        }
        return out.toBytes();
    }

    static byte[] encode(InternalEvent event, UpgradeFrom upgradeFrom) {
        return upgradeFrom.writesZeroPointOne() ? encodeLegacy(event) : encode(event);
    }

    static InternalEvent decode(String id, byte[] bytes) {
        int version = bytes[0] & 0xFF;
        if (version != Formats.V1 && version != Formats.V2) {
            if (version >= PREDICTION && version <= DEAD_LETTER) return decodeLegacy(id, bytes);
            throw Formats.unknownVersion("internal event", version);
        }
        ByteReader in = new ByteReader(bytes, 1);
        int type = in.u8();
        switch (type) {
            case PREDICTION -> {
                String model = in.str();
                long ts = in.var();
                String predicted = in.str();
                long units = in.var();
                java.util.Map<String, String> slice = in.slice().pairs();
                return new OfPrediction(new Prediction(id, model, ts, predicted, units, slice,
                        version == Formats.V2 ? in.probabilities() : null));
            }
            case LABEL -> {
                String model = in.u8() == 1 ? in.str() : null;
                long ts = in.var();
                LabelClass actual = in.labelClass();
                return new OfLabel(new Label(id, model, ts, actual, in.var()));
            }
            case DEAD_LETTER -> {
                return new DeadLetter(in.str(), in.str());
            }
            default -> throw new IllegalStateException("unknown internal event type " + type);
        }
    }

    /** 0.1.0: {@code type |} modified-UTF-8 strings, fixed 8-byte times, zig-zag weights. */
    private static InternalEvent decodeLegacy(String id, byte[] bytes) {
        LegacyReader in = new LegacyReader(bytes);
        int type = in.u8();
        switch (type) {
            case PREDICTION -> {
                String model = in.str();
                long ts = in.i64();
                String predicted = in.str();
                long units = in.var();
                return new OfPrediction(new Prediction(id, model, ts, predicted, units, in.slice().pairs()));
            }
            case LABEL -> {
                String model = in.str();
                boolean hasModel = in.u8() == 1;
                long ts = in.i64();
                LabelClass actual = in.labelClass();
                long units = in.var();
                return new OfLabel(new Label(id, hasModel ? model : null, ts, actual, units));
            }
            default -> {
                return new DeadLetter(in.str(), in.str());
            }
        }
    }
}
