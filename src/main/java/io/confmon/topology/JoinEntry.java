package io.confmon.topology;

import io.confmon.event.LabelClass;
import io.confmon.event.Probabilities;
import java.util.TreeMap;

/**
 * The join's state for one id: per model the counting prediction and the cell counted for it;
 * the counting label per model, and the one for every model. Kept in the join store in a compact
 * binary form (no field names). Maps are sorted so the encoding of equal state is equal bytes.
 * Layout v2: {@code 0xF7 | zig-zag indexedAt | uvarint n | n x (str model | zig-zag ts | str predicted | zig-zag units | slice | probabilities) | uvarint n | n x (str model | zig-zag ts | zig-zag units | label class) | uvarint n | n x (str model | zig-zag bucket | slice | str actual | str predicted | zig-zag units)}.
 * A counted cell's probabilities are its model's prediction's (it is recounted whenever the
 * prediction changes), so they are stored once, with the prediction.
 * v1 ({@code 0xF5}: the same without probabilities) and 0.1.0's layout (the same fields in its old codec, starting with an 8-byte indexedAt whose first byte is 0x00) is still read.
 */
final class JoinEntry {
    /** The key of a label that names no model: it applies to every model's prediction for the id. */
    static final String ANY_MODEL = "";

    /** @param expected the prediction's probabilities, or null when its scores were not a full probability vector */
    record Pred(long ts, String predicted, long units, Slice slice, Probabilities expected) {}

    record Lbl(long ts, LabelClass actual, long units) {
        String classKey() {
            return actual.name() != null ? actual.name() : "#" + actual.index();
        }
    }

    /** A counted pair: what to retract if the pair changes (with the expected row it added, when the prediction had probabilities). */
    record Cell(long bucket, Slice slice, String actual, String predicted, long units, Probabilities expected) {}

    final TreeMap<String, Pred> predictions = new TreeMap<>();
    final TreeMap<String, Lbl> labels = new TreeMap<>();
    final TreeMap<String, Cell> counted = new TreeMap<>();
    /**
     * The time this entry is filed under in the expiry index: at most its expiry time (latest ts +
     * horizon). A later event that extends the expiry leaves the index alone; the punctuator files
     * the entry again when the old time comes due. One index write per id instead of one per event.
     */
    long indexedAt = Long.MIN_VALUE;

    boolean isEmpty() {
        return predictions.isEmpty() && labels.isEmpty();
    }

    /** Earliest ts wins; ties: the smaller class, then the smaller weight. */
    static boolean counts(Pred candidate, Pred current) {
        if (candidate.ts() != current.ts()) return candidate.ts() < current.ts();
        int byClass = candidate.predicted().compareTo(current.predicted());
        if (byClass != 0) return byClass < 0;
        return candidate.units() < current.units();
    }

    /** Greatest ts wins; ties: the greater class, then the greater weight. */
    static boolean counts(Lbl candidate, Lbl current) {
        if (candidate.ts() != current.ts()) return candidate.ts() > current.ts();
        int byClass = candidate.classKey().compareTo(current.classKey());
        if (byClass != 0) return byClass > 0;
        return candidate.units() > current.units();
    }

    byte[] encode() {
        // 128: a joined entry of one model (prediction, label, counted cell) is about 100 bytes.
        ByteWriter out = new ByteWriter(128).u8(Formats.V2);
        out.var(indexedAt).uvar(predictions.size());
        predictions.forEach((model, p) -> out.str(model).var(p.ts()).str(p.predicted()).var(p.units()).slice(p.slice())
                .probabilities(p.expected()));
        out.uvar(labels.size());
        labels.forEach((model, l) -> out.str(model).var(l.ts()).var(l.units()).labelClass(l.actual()));
        out.uvar(counted.size());
        counted.forEach((model, c) -> out.str(model).var(c.bucket()).slice(c.slice()).str(c.actual()).str(c.predicted()).var(c.units()));
        return out.toBytes();
    }

    /** 0.1.0's layout (see {@link #decodeLegacy}), written under {@code upgrade.from=0.1}. */
    byte[] encodeLegacy() {
        LegacyWriter out = new LegacyWriter();
        out.i64(indexedAt).var(predictions.size());
        predictions.forEach((model, p) -> out.str(model).i64(p.ts()).str(p.predicted()).var(p.units()).slice(p.slice()));
        out.var(labels.size());
        labels.forEach((model, l) -> out.str(model).i64(l.ts()).var(l.units()).labelClass(l.actual()));
        out.var(counted.size());
        counted.forEach((model, c) -> out.str(model).i64(c.bucket()).str(LegacyWriter.sliceString(c.slice())).str(c.actual())
                .str(c.predicted()).var(c.units()));
        return out.toBytes();
    }

    byte[] encode(UpgradeFrom upgradeFrom) {
        return upgradeFrom.writesZeroPointOne() ? encodeLegacy() : encode();
    }

    static JoinEntry decode(byte[] bytes) {
        int version = bytes[0] & 0xFF;
        if (version == 0x00 || version == 0x80) return decodeLegacy(bytes);
        if (version != Formats.V1 && version != Formats.V2) throw Formats.unknownVersion("join entry", version);
        JoinEntry e = new JoinEntry();
        ByteReader in = new ByteReader(bytes, 1);
        e.indexedAt = in.var();
        int n = in.size();
        for (int i = 0; i < n; i++) {
            String model = in.str();
            long ts = in.var();
            String predicted = in.str();
            long units = in.var();
            Slice slice = in.slice();
            e.predictions.put(model, new Pred(ts, predicted, units, slice, version == Formats.V2 ? in.probabilities() : null));
        }
        n = in.size();
        for (int i = 0; i < n; i++) {
            String model = in.str();
            long ts = in.var();
            long units = in.var();
            e.labels.put(model, new Lbl(ts, in.labelClass(), units));
        }
        n = in.size();
        for (int i = 0; i < n; i++) {
            String model = in.str();
            Pred p = e.predictions.get(model);
            e.counted.put(model, new Cell(in.var(), in.slice(), in.str(), in.str(), in.var(), p == null ? null : p.expected()));
        }
        return e;
    }

    private static JoinEntry decodeLegacy(byte[] bytes) {
        JoinEntry e = new JoinEntry();
        LegacyReader in = new LegacyReader(bytes);
        e.indexedAt = in.i64();
        long n = in.var();
        for (int i = 0; i < n; i++) {
            String model = in.str();
            long ts = in.i64();
            String predicted = in.str();
            long units = in.var();
            e.predictions.put(model, new Pred(ts, predicted, units, in.slice(), null));
        }
        n = in.var();
        for (int i = 0; i < n; i++) {
            String model = in.str();
            long ts = in.i64();
            long units = in.var();
            e.labels.put(model, new Lbl(ts, in.labelClass(), units));
        }
        n = in.var();
        for (int i = 0; i < n; i++) {
            e.counted.put(in.str(), new Cell(in.i64(), LegacyReader.sliceString(in.str()), in.str(), in.str(), in.var(), null));
        }
        return e;
    }
}
