package io.confmon.topology;

import io.confmon.event.Probabilities;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;

/**
 * The delta buffer's entries (key and value), v1:
 * cell {@code 0xF5 | 1 | str model | zig-zag bucket | slice | str actual | str predicted} -> {@code 0xF5 | zig-zag units | zig-zag pairs};
 * predictions {@code 0xF5 | 2 | str model | zig-zag bucket | slice} -> {@code 0xF5 | zig-zag count | 0};
 * counters {@code 0xF5 | 3 | str model} -> {@code 0xF5 | counters (see Counters)};
 * v2, for predictions with probabilities (the expected matrix), per predicted class:
 * predicted {@code 0xF7 | 4 | str model | zig-zag bucket | slice | str predicted} -> {@code 0xF7 | zig-zag count | sums},
 * labelled expected {@code 0xF7 | 5 | str model | zig-zag bucket | slice | str predicted} -> {@code 0xF7 | sums},
 * where sums are the expected units per actual class index (see {@link ByteWriter#sums}).
 * v3 values ({@code 0xF9}, keys unchanged): the same body as before for the key's type, then the
 * {@link Counters} of the records that touched the entry, so that a record's counter changes ride
 * on the entry it writes anyway (one store write per record, not two):
 * cell and predictions {@code 0xF9 | zig-zag a | zig-zag b | counters}, predicted
 * {@code 0xF9 | zig-zag count | sums | counters}, labelled expected {@code 0xF9 | sums | counters},
 * counters (for a record that touched no other entry of its model) {@code 0xF9 | counters}.
 * v1 and v2 values, and 0.1.0 entries (key starting with the type, old codec, slice as a
 * {@code k=v,...} string), are still read.
 */
final class DeltaEntry {
    private static final int CELL = 1;
    private static final int PREDICTIONS = 2;
    private static final int COUNTER = 3;
    private static final int PREDICTED = 4;
    private static final int LABELLED_EXPECTED = 5;

    /** Names class {@code index} of a model (the expected sums are kept by index until the flush). */
    @FunctionalInterface
    interface ClassNames {
        String name(String model, int index);
    }

    private DeltaEntry() {}

    /**
     * An entry's key before it is encoded: the join sums a commit's changes in memory by these
     * fields (their hash is cheap: strings cache theirs) and encodes each touched key once, not once
     * per record.
     */
    record Key(int type, boolean legacy, String model, long bucket, Slice slice, String actual, String predicted) {
        static Key cell(String model, JoinEntry.Cell cell, boolean legacy) {
            return new Key(CELL, legacy, model, cell.bucket(), cell.slice(), cell.actual(), cell.predicted());
        }

        static Key predictions(String model, long bucket, Slice slice, boolean legacy) {
            return new Key(PREDICTIONS, legacy, model, bucket, slice, null, null);
        }

        static Key predicted(String model, long bucket, Slice slice, String predicted) {
            return new Key(PREDICTED, false, model, bucket, slice, null, predicted);
        }

        static Key labelledExpected(String model, JoinEntry.Cell cell) {
            return new Key(LABELLED_EXPECTED, false, model, cell.bucket(), cell.slice(), null, cell.predicted());
        }

        static Key counter(String model, boolean legacy) {
            return new Key(COUNTER, legacy, model, 0, null, null, null);
        }

        /**
         * Written out: a record's generated hash and equality go through method handles that
         * showed in the join's profile, where these run a few times per input record.
         */
        @Override
        public int hashCode() {
            int h = 31 * type + Long.hashCode(bucket);
            h = 31 * h + model.hashCode();
            h = 31 * h + (slice == null ? 0 : slice.hashCode());
            h = 31 * h + (actual == null ? 0 : actual.hashCode());
            h = 31 * h + (predicted == null ? 0 : predicted.hashCode());
            return legacy ? ~h : h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && type == k.type && bucket == k.bucket && legacy == k.legacy && model.equals(k.model)
                    && Objects.equals(predicted, k.predicted) && Objects.equals(actual, k.actual) && Objects.equals(slice, k.slice);
        }

        /**
         * Adds {@code v}, this entry's value, into the batch of its model. A 0.1.0 key goes through
         * its bytes first, as when it is read back from the store: its slice travels as 0.1.0's
         * {@code k=v,...} string, and the batch must not depend on which way it came.
         */
        void addTo(Value v, Function<String, DeltaBatch> batchOf, ClassNames names) {
            if (legacy) parse(toBytes()).addFields(v, batchOf, names);
            else addFields(v, batchOf, names);
        }

        /** The one owner of what each type of entry adds into a batch. */
        private void addFields(Value v, Function<String, DeltaBatch> batchOf, ClassNames names) {
            DeltaBatch batch = batchOf.apply(model);
            batch.counters.addAll(v.counters);
            switch (type) {
                case CELL -> batch.bucket(bucket, slice).add(actual, predicted, v.a, v.b);
                case PREDICTIONS -> batch.bucket(bucket, slice).addPredictions(v.a);
                case COUNTER -> { }
                case PREDICTED -> {
                    BucketCells cells = batch.bucket(bucket, slice);
                    cells.addPredictions(v.a);
                    addExpected(cells, v, names, true);
                }
                case LABELLED_EXPECTED -> addExpected(batch.bucket(bucket, slice), v, names, false);
                default -> throw new IllegalStateException("delta entry type " + type);
            }
        }

        private void addExpected(BucketCells cells, Value v, ClassNames names, boolean predictedSide) {
            for (int i = 0; i < v.sums.length; i++) {
                if (v.sums[i] == 0) continue;
                if (predictedSide) cells.addExpected(names.name(model, i), predicted, v.sums[i], 0);
                else cells.addExpected(names.name(model, i), predicted, 0, v.sums[i]);
            }
        }

        Bytes toBytes() {
            return switch (type) {
                case CELL -> legacy ? legacyCellKey(model, bucket, slice, actual, predicted) : cellKey(model, bucket, slice, actual, predicted);
                case PREDICTIONS -> legacy ? legacyPredictionsKey(model, bucket, slice) : predictionsKey(model, bucket, slice);
                case PREDICTED -> predictedKey(model, bucket, slice, predicted);
                case LABELLED_EXPECTED -> labelledExpectedKey(model, bucket, slice, predicted);
                case COUNTER -> legacy ? legacyCounterKey(model) : counterKey(model);
                default -> throw new IllegalStateException("delta entry type " + type);
            };
        }
    }

    private static Bytes cellKey(String model, long bucket, Slice slice, String actual, String predicted) {
        return Bytes.wrap(new ByteWriter(48).u8(Formats.V1).u8(CELL).str(model).var(bucket).slice(slice)
                .str(actual).str(predicted).toBytes());
    }

    static Bytes predictionsKey(String model, long bucket, Slice slice) {
        return Bytes.wrap(new ByteWriter(32).u8(Formats.V1).u8(PREDICTIONS).str(model).var(bucket).slice(slice).toBytes());
    }

    static Bytes predictedKey(String model, long bucket, Slice slice, String predicted) {
        return Bytes.wrap(new ByteWriter(40).u8(Formats.V2).u8(PREDICTED).str(model).var(bucket).slice(slice).str(predicted).toBytes());
    }

    private static Bytes labelledExpectedKey(String model, long bucket, Slice slice, String predicted) {
        return Bytes.wrap(new ByteWriter(40).u8(Formats.V2).u8(LABELLED_EXPECTED).str(model).var(bucket).slice(slice)
                .str(predicted).toBytes());
    }

    static Bytes counterKey(String model) {
        return Bytes.wrap(new ByteWriter(16).u8(Formats.V1).u8(COUNTER).str(model).toBytes());
    }

    // 0.1.0's entries, written under upgrade.from=0.1 (read by addTo's legacy path and by 0.1.0).

    private static Bytes legacyCellKey(String model, long bucket, Slice slice, String actual, String predicted) {
        return Bytes.wrap(new LegacyWriter().u8(CELL).str(model).i64(bucket).str(LegacyWriter.sliceString(slice))
                .str(actual).str(predicted).toBytes());
    }

    static Bytes legacyPredictionsKey(String model, long bucket, Slice slice) {
        return Bytes.wrap(new LegacyWriter().u8(PREDICTIONS).str(model).i64(bucket).str(LegacyWriter.sliceString(slice)).toBytes());
    }

    static Bytes legacyCounterKey(String model) {
        return Bytes.wrap(new LegacyWriter().u8(COUNTER).str(model).toBytes());
    }

    /**
     * An entry's value as numbers, whatever its version: {@code a} and {@code b} (a cell's units
     * and pairs; a prediction count in {@code a}), the expected sums by class index, and the
     * counters riding along. Mutable: the delta buffer sums a record's changes into one.
     */
    static final class Value {
        private static final long[] NO_SUMS = new long[0];
        long a;
        long b;
        long[] sums = NO_SUMS;
        final Counters counters = new Counters();

        void add(Value other) {
            a += other.a;
            b += other.b;
            if (other.sums.length > sums.length) sums = Arrays.copyOf(sums, other.sums.length);
            for (int i = 0; i < other.sums.length; i++) sums[i] += other.sums[i];
            counters.addAll(other.counters);
        }

        /** Adds {@code sign} x the expected row of a prediction of {@code units}. */
        void addRow(Probabilities expected, long units, int sign) {
            if (expected.size() > sums.length) sums = Arrays.copyOf(sums, expected.size());
            for (int i = 0; i < expected.size(); i++) sums[i] += sign * expected.units(i, units);
        }
    }

    /** Reads a stored value of any version; the key says what it holds. */
    static Value read(Bytes key, byte[] value) {
        Value v = new Value();
        int type = typeOf(key);
        if (isLegacy(key)) {
            LegacyReader in = new LegacyReader(value);
            if (type == COUNTER) {
                v.counters.addAll(Counters.readLegacy(in));
            } else {
                v.a = in.var();
                v.b = in.var();
            }
            return v;
        }
        int version = value[0] & 0xFF;
        if (version != Formats.V1 && version != Formats.V2 && version != Formats.V3) throw Formats.unknownVersion("delta value", version);
        ByteReader in = new ByteReader(value, 1);
        switch (type) {
            case CELL, PREDICTIONS -> {
                v.a = in.var();
                v.b = in.var();
            }
            case COUNTER -> v.counters.addAll(Counters.read(in));
            case PREDICTED -> {
                v.a = in.var();
                v.sums = in.sums();
            }
            case LABELLED_EXPECTED -> v.sums = in.sums();
            default -> throw new IllegalStateException("unknown delta type " + type);
        }
        if (version == Formats.V3 && type != COUNTER) v.counters.addAll(Counters.read(in));
        return v;
    }

    /** The stored form of {@code v} under {@code key}: v3, or 0.1.0's for a 0.1.0 key (which carries no counters but its own). */
    static byte[] write(Bytes key, Value v) {
        int type = typeOf(key);
        if (isLegacy(key)) {
            if (type == COUNTER) return new LegacyWriter().counters(v.counters).toBytes();
            if (!v.counters.isZero()) throw new IllegalStateException("0.1.0's delta entries carry no counters but their own");
            return new LegacyWriter().var(v.a).var(v.b).toBytes();
        }
        ByteWriter out = new ByteWriter(16 + 3 * v.sums.length).u8(Formats.V3);
        switch (type) {
            case CELL, PREDICTIONS -> out.var(v.a).var(v.b);
            case COUNTER -> {
                v.counters.write(out);
                return out.toBytes();
            }
            case PREDICTED -> out.var(v.a).sums(v.sums);
            case LABELLED_EXPECTED -> out.sums(v.sums);
            default -> throw new IllegalStateException("unknown delta type " + type);
        }
        v.counters.write(out);
        return out.toBytes();
    }

    /** Adds one stored entry of any version into the batch of its model. */
    static void addTo(Bytes key, byte[] value, Function<String, DeltaBatch> batchOf, ClassNames names) {
        addTo(key, read(key, value), batchOf, names);
    }

    /** Adds one entry's value, stored or still in memory, into the batch of its model. */
    static void addTo(Bytes key, Value v, Function<String, DeltaBatch> batchOf, ClassNames names) {
        parse(key).addFields(v, batchOf, names);
    }

    /** The fields of a stored entry's key, of any version. */
    static Key parse(Bytes key) {
        int type = typeOf(key);
        if (isLegacy(key)) {
            LegacyReader in = new LegacyReader(key.get());
            in.u8();
            String model = in.str();
            return switch (type) {
                case CELL -> new Key(CELL, true, model, in.i64(), LegacyReader.sliceString(in.str()), in.str(), in.str());
                case PREDICTIONS -> new Key(PREDICTIONS, true, model, in.i64(), LegacyReader.sliceString(in.str()), null, null);
                default -> new Key(COUNTER, true, model, 0, null, null, null);
            };
        }
        ByteReader in = new ByteReader(key.get(), 2);
        String model = in.str();
        return switch (type) {
            case CELL -> new Key(CELL, false, model, in.var(), in.slice(), in.str(), in.str());
            case PREDICTIONS -> new Key(PREDICTIONS, false, model, in.var(), in.slice(), null, null);
            case COUNTER -> new Key(COUNTER, false, model, 0, null, null, null);
            case PREDICTED -> new Key(PREDICTED, false, model, in.var(), in.slice(), null, in.str());
            case LABELLED_EXPECTED -> new Key(LABELLED_EXPECTED, false, model, in.var(), in.slice(), null, in.str());
            default -> throw new IllegalStateException("unknown delta type " + type);
        };
    }

    private static int typeOf(Bytes key) {
        return isLegacy(key) ? key.get()[0] & 0xFF : key.get()[1] & 0xFF;
    }

    private static boolean isLegacy(Bytes key) {
        int first = key.get()[0] & 0xFF;
        if (first == Formats.V1 || first == Formats.V2) return false;
        if (first >= CELL && first <= COUNTER) return true;
        throw Formats.unknownVersion("delta entry", first);
    }
}
