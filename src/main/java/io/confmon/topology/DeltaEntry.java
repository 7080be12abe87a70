package io.confmon.topology;

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
 * 0.1.0 entries (key starting with the type, old codec, slice as a {@code k=v,...} string) are still read.
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

    static Bytes cellKey(String model, JoinEntry.Cell cell) {
        return Bytes.wrap(new ByteWriter(48).u8(Formats.V1).u8(CELL).str(model).var(cell.bucket()).slice(cell.slice())
                .str(cell.actual()).str(cell.predicted()).toBytes());
    }

    static Bytes predictionsKey(String model, long bucket, Slice slice) {
        return Bytes.wrap(new ByteWriter(32).u8(Formats.V1).u8(PREDICTIONS).str(model).var(bucket).slice(slice).toBytes());
    }

    static Bytes predictedKey(String model, long bucket, Slice slice, String predicted) {
        return Bytes.wrap(new ByteWriter(40).u8(Formats.V2).u8(PREDICTED).str(model).var(bucket).slice(slice).str(predicted).toBytes());
    }

    static Bytes labelledExpectedKey(String model, JoinEntry.Cell cell) {
        return Bytes.wrap(new ByteWriter(40).u8(Formats.V2).u8(LABELLED_EXPECTED).str(model).var(cell.bucket()).slice(cell.slice())
                .str(cell.predicted()).toBytes());
    }

    /** A predicted entry's value: the count and the expected sums. */
    static byte[] predicted(long count, long[] sums) {
        return new ByteWriter(8 + 3 * sums.length).u8(Formats.V2).var(count).sums(sums).toBytes();
    }

    static byte[] labelledExpected(long[] sums) {
        return new ByteWriter(4 + 3 * sums.length).u8(Formats.V2).sums(sums).toBytes();
    }

    /** Reads {@link #predicted} into {@code count[0]}, returning the sums. */
    static long[] readPredicted(byte[] value, long[] count) {
        ByteReader in = new ByteReader(value, versionChecked(value, Formats.V2));
        count[0] = in.var();
        return in.sums();
    }

    static long[] readLabelledExpected(byte[] value) {
        return new ByteReader(value, versionChecked(value, Formats.V2)).sums();
    }

    static Bytes counterKey(String model) {
        return Bytes.wrap(new ByteWriter(16).u8(Formats.V1).u8(COUNTER).str(model).toBytes());
    }

    static byte[] pair(long a, long b) {
        return new ByteWriter(12).u8(Formats.V1).var(a).var(b).toBytes();
    }

    // 0.1.0's entries, written under upgrade.from=0.1 (read by addTo's legacy path and by 0.1.0).

    static Bytes legacyCellKey(String model, JoinEntry.Cell cell) {
        return Bytes.wrap(new LegacyWriter().u8(CELL).str(model).i64(cell.bucket()).str(LegacyWriter.sliceString(cell.slice()))
                .str(cell.actual()).str(cell.predicted()).toBytes());
    }

    static Bytes legacyPredictionsKey(String model, long bucket, Slice slice) {
        return Bytes.wrap(new LegacyWriter().u8(PREDICTIONS).str(model).i64(bucket).str(LegacyWriter.sliceString(slice)).toBytes());
    }

    static Bytes legacyCounterKey(String model) {
        return Bytes.wrap(new LegacyWriter().u8(COUNTER).str(model).toBytes());
    }

    static byte[] legacyPair(long a, long b) {
        return new LegacyWriter().var(a).var(b).toBytes();
    }

    static byte[] legacyCounters(Counters c) {
        return new LegacyWriter().counters(c).toBytes();
    }

    /** The two sums of a cell or predictions value of either version (the key says which). */
    static long[] readPair(Bytes key, byte[] value) {
        if (isLegacy(key)) {
            LegacyReader in = new LegacyReader(value);
            return new long[] {in.var(), in.var()};
        }
        ByteReader in = new ByteReader(value, versionChecked(value, Formats.V1));
        return new long[] {in.var(), in.var()};
    }

    static byte[] counters(Counters c) {
        ByteWriter out = new ByteWriter(24).u8(Formats.V1);
        c.write(out);
        return out.toBytes();
    }

    static Counters readCounters(Bytes key, byte[] value) {
        return isLegacy(key) ? Counters.readLegacy(new LegacyReader(value))
                : Counters.read(new ByteReader(value, versionChecked(value, Formats.V1)));
    }

    /** Adds one stored entry of either version into the batch of its model. */
    static void addTo(Bytes key, byte[] value, Function<String, DeltaBatch> batchOf, ClassNames names) {
        byte[] k = key.get();
        if (isLegacy(key)) {
            LegacyReader in = new LegacyReader(k);
            int type = in.u8();
            DeltaBatch batch = batchOf.apply(in.str());
            LegacyReader v = new LegacyReader(value);
            switch (type) {
                case CELL -> batch.bucket(in.i64(), LegacyReader.sliceString(in.str())).add(in.str(), in.str(), v.var(), v.var());
                case PREDICTIONS -> batch.bucket(in.i64(), LegacyReader.sliceString(in.str())).addPredictions(v.var());
                case COUNTER -> batch.counters.addAll(Counters.readLegacy(v));
                default -> throw new IllegalStateException("unknown delta type " + type);
            }
            return;
        }
        ByteReader in = new ByteReader(k, 1);
        int type = in.u8();
        String model = in.str();
        DeltaBatch batch = batchOf.apply(model);
        switch (type) {
            case CELL -> {
                long[] sums = readPair(key, value);
                batch.bucket(in.var(), in.slice()).add(in.str(), in.str(), sums[0], sums[1]);
            }
            case PREDICTIONS -> batch.bucket(in.var(), in.slice()).addPredictions(readPair(key, value)[0]);
            case COUNTER -> batch.counters.addAll(readCounters(key, value));
            case PREDICTED -> {
                long[] count = new long[1];
                long[] sums = readPredicted(value, count);
                BucketCells cells = batch.bucket(in.var(), in.slice());
                String predicted = in.str();
                cells.addPredictions(count[0]);
                for (int i = 0; i < sums.length; i++) {
                    if (sums[i] != 0) cells.addExpected(names.name(model, i), predicted, sums[i], 0);
                }
            }
            case LABELLED_EXPECTED -> {
                long[] sums = readLabelledExpected(value);
                BucketCells cells = batch.bucket(in.var(), in.slice());
                String predicted = in.str();
                for (int i = 0; i < sums.length; i++) {
                    if (sums[i] != 0) cells.addExpected(names.name(model, i), predicted, 0, sums[i]);
                }
            }
            default -> throw new IllegalStateException("unknown delta type " + type);
        }
    }


    private static boolean isLegacy(Bytes key) {
        int first = key.get()[0] & 0xFF;
        if (first == Formats.V1 || first == Formats.V2) return false;
        if (first >= CELL && first <= COUNTER) return true;
        throw Formats.unknownVersion("delta entry", first);
    }

    private static int versionChecked(byte[] value, int expected) {
        int version = value[0] & 0xFF;
        if (version != expected) throw Formats.unknownVersion("delta value", version);
        return 1;
    }
}
