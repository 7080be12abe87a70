package io.confmon.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.event.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The layouts the expected matrix moved to v2 are still read in the v1 form the previous landed
 * version wrote, and delta values in the v1 and v2 forms the one-write-per-record v3 replaced
 * (0.1.0's are covered by the upgrade tests): the bytes here are built field by field as those
 * versions laid them out, not by this version's writers.
 */
class PreviousLayoutsStillReadTest {
    private static final Slice SLICE = Slice.of(Map.of("region", "eu,west"));

    @Test
    void v1BucketCellsAndDeltaBatchesRead() {
        ByteWriter cells = new ByteWriter().u8(Formats.V1);
        v1CellsBody(cells);
        BucketCells read = BucketCells.decode(cells.toBytes(), false);
        assertThat(read.predictions()).isEqualTo(3);
        List<String> seen = new ArrayList<>();
        read.forEach((a, p, units, pairs) -> seen.add(a + ">" + p + "=" + units + "/" + pairs));
        assertThat(seen).containsExactly("cat>dog=2000000/2");
        assertThat(read.hasExpected()).isFalse();

        ByteWriter batch = new ByteWriter().u8(Formats.V1);
        Counters counters = new Counters();
        counters.add(PipelineCounter.JOINED, 2);
        counters.write(batch);
        batch.uvar(1).var(60_000).slice(SLICE);
        v1CellsBody(batch);
        DeltaBatch d = DeltaBatch.decode(batch.toBytes(), DeltaBatch.headers());
        assertThat(d.counter(PipelineCounter.JOINED)).isEqualTo(2);
        assertThat(d.buckets().get(new DeltaBatch.BucketKey(60_000, SLICE)).predictions()).isEqualTo(3);
    }

    @Test
    void v1JoinEntriesAndPredictionEventsRead() {
        ByteWriter entry = new ByteWriter().u8(Formats.V1).var(7).uvar(1)
                .str("m").var(1_763_800_000_000L).str("dog").var(1_000_000).slice(SLICE)
                .uvar(0)
                .uvar(1).str("m").var(1_763_799_960_000L).slice(SLICE).str("cat").str("dog").var(1_000_000);
        JoinEntry e = JoinEntry.decode(entry.toBytes());
        assertThat(e.indexedAt).isEqualTo(7);
        assertThat(e.predictions.get("m")).isEqualTo(new JoinEntry.Pred(1_763_800_000_000L, "dog", 1_000_000, SLICE, null));
        assertThat(e.counted.get("m")).isEqualTo(new JoinEntry.Cell(1_763_799_960_000L, SLICE, "cat", "dog", 1_000_000, null));

        ByteWriter event = new ByteWriter().u8(Formats.V1).u8(InternalEvent.PREDICTION)
                .str("m").var(1_763_800_000_000L).str("dog").var(1_000_000).slice(SLICE);
        assertThat(InternalEvent.decode("id", event.toBytes())).isEqualTo(new InternalEvent.OfPrediction(
                new Prediction("id", "m", 1_763_800_000_000L, "dog", 1_000_000, SLICE.pairs())));
    }

    @Test
    void v1AndV2DeltaValuesReadIntoTheirBatch() {
        JoinEntry.Cell cell = new JoinEntry.Cell(60_000, SLICE, "cat", "dog", 1_000_000, null);
        Map<String, DeltaBatch> batches = new java.util.TreeMap<>();
        java.util.function.Function<String, DeltaBatch> batchOf = m -> batches.computeIfAbsent(m, x -> new DeltaBatch());
        DeltaEntry.ClassNames names = (model, index) -> List.of("cat", "dog").get(index);
        // v1: a cell (units, pairs), a prediction count, and counters in an entry of their own.
        DeltaEntry.addTo(DeltaEntry.Key.cell("m", cell, false).toBytes(), new ByteWriter().u8(Formats.V1).var(2_000_000).var(2).toBytes(), batchOf, names);
        DeltaEntry.addTo(DeltaEntry.predictionsKey("m", 60_000, SLICE), new ByteWriter().u8(Formats.V1).var(3).var(0).toBytes(),
                batchOf, names);
        ByteWriter counters = new ByteWriter().u8(Formats.V1);
        Counters joined = new Counters();
        joined.add(PipelineCounter.JOINED, 2);
        joined.write(counters);
        DeltaEntry.addTo(DeltaEntry.counterKey("m"), counters.toBytes(), batchOf, names);
        // v2: a predicted class's count and expected sums by class index, and a labelled expected row.
        DeltaEntry.addTo(DeltaEntry.predictedKey("m", 60_000, SLICE, "dog"),
                new ByteWriter().u8(Formats.V2).var(1).uvar(2).var(250_000).var(750_000).toBytes(), batchOf, names);
        DeltaEntry.addTo(DeltaEntry.Key.labelledExpected("m", cell).toBytes(),
                new ByteWriter().u8(Formats.V2).uvar(2).var(250_000).var(0).toBytes(), batchOf, names);

        DeltaBatch m = batches.get("m");
        assertThat(m.counter(PipelineCounter.JOINED)).isEqualTo(2);
        BucketCells b = m.buckets().get(new DeltaBatch.BucketKey(60_000, SLICE));
        assertThat(b.predictions()).isEqualTo(4);
        List<String> seen = new ArrayList<>();
        b.forEach((a, p, units, pairs) -> seen.add(a + ">" + p + "=" + units + "/" + pairs));
        assertThat(seen).containsExactly("cat>dog=2000000/2");
        assertThat(b.encode()).isEqualTo(expectedCells().encode());
    }

    /** What the v1 and v2 delta values above add up to, built by this version's writers. */
    private static BucketCells expectedCells() {
        DeltaBatch batch = new DeltaBatch();
        BucketCells b = batch.bucket(60_000, SLICE);
        b.addPredictions(4);
        b.add("cat", "dog", 2_000_000, 2);
        b.addExpected("cat", "dog", 250_000, 250_000);
        b.addExpected("dog", "dog", 750_000, 0);
        return b;
    }

    /** v1's body: predictions, then cells of (actual, predicted, units, pairs) without expected sums. */
    private static void v1CellsBody(ByteWriter out) {
        out.var(3).uvar(1).str("cat").str("dog").var(2_000_000).var(2);
    }
}
