package io.confmon.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confmon.event.Label;
import io.confmon.event.LabelClass;
import io.confmon.event.Prediction;
import io.confmon.event.Probabilities;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** Each stored and internal layout: a version byte first, any string round-trips, an unknown version is named. */
class StoredLayoutsTest {
    /** Strings 0.1.0's codec could not carry or its delimiters confused. */
    private static final List<String> AWKWARD = List.of("", "a,b=c|d:e", "nul\u0000", "\ud83d\ude00", "lone \ud800 high",
            "lone \udc00 low", "end \ud83d", "x".repeat(70_000), "\u00e9".repeat(40_000));

    @Test
    void anyJavaStringRoundTrips() {
        ByteWriter out = new ByteWriter();
        AWKWARD.forEach(out::str);
        ByteReader in = new ByteReader(out.toBytes());
        for (String s : AWKWARD) assertThat(in.str()).isEqualTo(s);
        assertThat(in.more()).isFalse();
    }

    /** The delta buffer sums by a key's fields and reads stored keys back into them: every type, both codecs, awkward names. */
    @Test
    void deltaKeysReadBackIntoTheirFields() {
        for (String s : List.of("m", "a,b=c|d:e", "\ud83d\ude00", "nul\u0000")) {
            Slice slice = Slice.of(Map.of("region", s));
            JoinEntry.Cell cell = new JoinEntry.Cell(-60_000, slice, s + "-actual", s, 3, null);
            List<DeltaEntry.Key> keys = List.of(DeltaEntry.Key.cell(s, cell, false), DeltaEntry.Key.cell(s, cell, true),
                    DeltaEntry.Key.predictions(s, 1_763_800_000_000L, slice, false), DeltaEntry.Key.predictions(s, 0, Slice.of(Map.of()), true),
                    DeltaEntry.Key.predicted(s, 60_000, slice, s), DeltaEntry.Key.labelledExpected(s, cell),
                    DeltaEntry.Key.counter(s, false), DeltaEntry.Key.counter(s, true));
            for (DeltaEntry.Key key : keys) {
                if (key.legacy() && !s.equals("m")) continue; // 0.1.0's slice string has no escapes: plain names only
                assertThat(DeltaEntry.parse(key.toBytes())).as(key.toString()).isEqualTo(key);
            }
        }
    }

    @Test
    void everyLayoutStartsWithItsVersionByte() {
        Slice slice = Slice.of(Map.of("region", "eu,west", "k=v", "a|b"));
        Probabilities shares = Probabilities.of(new double[] {0.25, 0.75});
        JoinEntry entry = new JoinEntry();
        entry.indexedAt = 1_763_800_000_000L;
        entry.predictions.put("m", new JoinEntry.Pred(1_763_800_000_000L, "Shirt", 1_000_000, slice, shares));
        DeltaBatch batch = new DeltaBatch();
        batch.bucket(0, slice).add("a", "p", 1, 1);
        batch.count(PipelineCounter.JOINED, -1);
        JoinEntry.Cell cell = new JoinEntry.Cell(0, slice, "a", "p", 1, shares);
        // The layouts the expected matrix changed are v2, delta values v3; the others are still v1.
        DeltaEntry.Value delta = new DeltaEntry.Value();
        delta.a = 1;
        delta.counters.add(PipelineCounter.JOINED, 1);
        List<byte[]> v3 = List.of(
                DeltaEntry.write(DeltaEntry.Key.cell("m", cell, false).toBytes(), delta),
                DeltaEntry.write(DeltaEntry.predictedKey("m", 0, slice, "p"), delta),
                DeltaEntry.write(DeltaEntry.Key.labelledExpected("m", cell).toBytes(), delta),
                DeltaEntry.write(DeltaEntry.counterKey("m"), delta));
        List<byte[]> v2 = List.of(
                entry.encode(),
                batch.bucket(0, slice).encode(),
                batch.encode(),
                DeltaEntry.predictedKey("m", 0, slice, "p").get(),
                DeltaEntry.Key.labelledExpected("m", cell).toBytes().get(),
                InternalEvent.encode(new InternalEvent.DeadLetter("m", "malformed")));
        List<byte[]> v1 = List.of(
                new ExpiryKey(5, "id").toBytes().get(),
                new BucketKey("m", 60_000, slice).toBytes().get(),
                ModelTotals.decode(null).encode(),
                DeltaEntry.Key.cell("m", cell, false).toBytes().get(),
                DeltaEntry.predictionsKey("m", 0, slice).get(),
                DeltaEntry.counterKey("m").get());
        for (byte[] b : v3) assertThat(b[0] & 0xFF).isEqualTo(Formats.V3);
        for (byte[] b : v2) assertThat(b[0] & 0xFF).isEqualTo(Formats.V2);
        for (byte[] b : v1) assertThat(b[0] & 0xFF).isEqualTo(Formats.V1);
    }

    @Test
    void storedValuesRoundTripWithAwkwardNames() {
        for (String s : AWKWARD.subList(0, 7)) {
            Slice slice = Slice.of(Map.of(s, s, "k", s));
            JoinEntry entry = new JoinEntry();
            entry.indexedAt = 7;
            Probabilities shares = Probabilities.of(new double[] {0.1, 0.2, 0.7});
            entry.predictions.put(s, new JoinEntry.Pred(1, s, 2, slice, shares));
            entry.predictions.put(s + "-without", new JoinEntry.Pred(1, s, 2, slice, null));
            entry.labels.put(s, new JoinEntry.Lbl(3, LabelClass.ofName(s), Label.NO_WEIGHT));
            entry.labels.put(JoinEntry.ANY_MODEL, new JoinEntry.Lbl(4, LabelClass.ofIndex(300), 5));
            entry.counted.put(s, new JoinEntry.Cell(60_000, slice, s, s, 2, shares));
            JoinEntry back = JoinEntry.decode(entry.encode());
            assertThat(back.encode()).isEqualTo(entry.encode());
            assertThat(back.predictions).isEqualTo(entry.predictions);
            assertThat(back.labels).isEqualTo(entry.labels);
            assertThat(back.counted).isEqualTo(entry.counted);

            BucketKey key = new BucketKey(s, -60_000, slice);
            assertThat(BucketKey.parse(key.toBytes())).isEqualTo(key);

            InternalEvent p = new InternalEvent.OfPrediction(new Prediction("id", s, 9, s, 3, slice.pairs()));
            assertThat(InternalEvent.decode("id", InternalEvent.encode(p))).isEqualTo(p);
            InternalEvent withShares = new InternalEvent.OfPrediction(new Prediction("id", s, 9, s, 3, slice.pairs(), shares));
            assertThat(InternalEvent.decode("id", InternalEvent.encode(withShares))).isEqualTo(withShares);
            InternalEvent l = new InternalEvent.OfLabel(new Label("id", null, 9, LabelClass.ofName(s), Label.NO_WEIGHT));
            assertThat(InternalEvent.decode("id", InternalEvent.encode(l))).isEqualTo(l);
        }
    }

    /** "m" and "m\0x": 0.1.0's key put 0x00 after the model, so one model's range held the other's buckets. */
    @Test
    void oneModelsBucketRangeHoldsNoOtherModelsKeys() {
        Bytes low = BucketKey.lowerBound("m", Long.MIN_VALUE);
        Bytes high = BucketKey.upperBound("m", Long.MAX_VALUE);
        for (String other : List.of("m\u0000", "m\u0000x", "m ", "mm", "")) {
            Bytes k = new BucketKey(other, 0, Slice.NONE).toBytes();
            assertThat(k.compareTo(low) >= 0 && k.compareTo(high) <= 0).as("key of %s in the range of m", other).isFalse();
        }
        Bytes own = new BucketKey("m", 0, Slice.of(Map.of("\uffff", "\uffff".repeat(10)))).toBytes();
        assertThat(own.compareTo(low) >= 0 && own.compareTo(high) <= 0).isTrue();
    }

    @Test
    void counterCodesAreFixed() {
        // Stored codes: changing one reads every running monitor's totals wrong. Add new codes instead.
        assertThat(Map.of(PipelineCounter.JOINED, 1, PipelineCounter.EXPIRED, 2, PipelineCounter.ORPHAN_EXPIRED, 3,
                PipelineCounter.LATE, 4, PipelineCounter.DUPLICATE, 5, PipelineCounter.CORRECTION, 6,
                PipelineCounter.DEAD_LETTER, 7, PipelineCounter.PENDING, 8))
                .allSatisfy((c, code) -> assertThat(c.code).isEqualTo(code));
        DeltaBatch batch = new DeltaBatch();
        batch.count(PipelineCounter.PENDING, -3);
        batch.count(PipelineCounter.JOINED, 1);
        DeltaBatch back = DeltaBatch.decode(batch.encode(), DeltaBatch.headers());
        assertThat(back.counter(PipelineCounter.PENDING)).isEqualTo(-3);
        assertThat(back.counter(PipelineCounter.JOINED)).isEqualTo(1);
    }

    @Test
    void aVersionThisReleaseDoesNotKnowIsNamed() {
        byte[] future = {(byte) 0xF9, 0, 0};
        assertThatThrownBy(() -> JoinEntry.decode(future)).hasMessageContaining("join entry").hasMessageContaining("0xf9");
        assertThatThrownBy(() -> ModelTotals.decode(future)).hasMessageContaining("model totals");
        assertThatThrownBy(() -> InternalEvent.decode("id", future)).hasMessageContaining("internal event");
        assertThatThrownBy(() -> BucketCells.decode(future, false)).hasMessageContaining("bucket cells");
        assertThatThrownBy(() -> DeltaBatch.decode(future, DeltaBatch.headers())).hasMessageContaining("delta batch");
    }

    @Test
    void truncatedRecordsFailClearly() {
        byte[] full = InternalEvent.encode(new InternalEvent.DeadLetter("model", "malformed"));
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
        assertThatThrownBy(() -> InternalEvent.decode("id", cut)).isInstanceOf(IllegalStateException.class).hasMessageContaining("truncated");
    }

    @Test
    void legacyTotalsAreToldApartByTheirEvenFirstByte() {
        for (long joined : new long[] {0, 1, 63, 64, 1_000_000}) {
            ByteWriter legacy = new ByteWriter();
            legacy.var(joined);
            for (int i = 1; i < 8; i++) legacy.var(i);
            ModelTotals t = ModelTotals.decode(legacy.toBytes());
            assertThat(t.get(PipelineCounter.JOINED)).isEqualTo(joined);
            assertThat(t.get(PipelineCounter.PENDING)).isEqualTo(7);
        }
    }
}
