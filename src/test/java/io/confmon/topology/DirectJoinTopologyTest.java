package io.confmon.topology;

import static io.confmon.topology.TopologyHarness.HOUR;
import static io.confmon.topology.TopologyHarness.MIN;
import static io.confmon.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.event.ModelSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The direct join in the test driver (one partition per topic, so every valid event takes it)
 * against the by-id path: the same events give the same buckets, counters and dead letters, and the
 * join's stream time stays event time although it now reads the inputs' own timestamps.
 */
class DirectJoinTopologyTest {
    private static final long DAY = 24 * HOUR;

    private static TopologyHarness byId() {
        return new TopologyHarness(ModelSettings.OPEN, UpgradeFrom.NONE, DirectJoin.OFF);
    }

    private static TopologyHarness direct() {
        return new TopologyHarness(ModelSettings.OPEN, UpgradeFrom.NONE, DirectJoin.over(1));
    }

    @Test
    void bothPathsGiveTheSameBucketsCountersAndDeadLetters() {
        List<Consumer<TopologyHarness>> events = mixedEvents();
        try (TopologyHarness viaById = byId(); TopologyHarness joinedDirectly = direct()) {
            events.forEach(e -> e.accept(viaById));
            events.forEach(e -> e.accept(joinedDirectly));
            assertThat(joinedDirectly.bucketBytes()).isEqualTo(viaById.bucketBytes()).isNotEmpty();
            for (String model : List.of("m", "n")) {
                for (PipelineCounter c : PipelineCounter.values()) {
                    assertThat(joinedDirectly.totals(model).get(c)).as("%s of %s", c, model).isEqualTo(viaById.totals(model).get(c));
                }
            }
            assertThat(joinedDirectly.totals("m").get(PipelineCounter.JOINED)).isPositive();
            assertThat(joinedDirectly.totals("m").get(PipelineCounter.DEAD_LETTER)).isEqualTo(2);
            List<String> expectedDead = describe(viaById.deadLetters());
            assertThat(describe(joinedDirectly.deadLetters())).isEqualTo(expectedDead).hasSize(3);
        }
    }

    /**
     * Events of last month sent today (a backfill): the records' timestamps are 30 days after the
     * events'. Through by-id the join never sees the records' timestamps; read directly it would,
     * unless the inputs' timestamps are the events' (see {@link EventTimeExtractor}). With the
     * producer's clock, the first prediction would be past its 1 h horizon at once.
     */
    @Test
    void streamTimeIsEventTimeWhateverTheRecordTimestamps() {
        long sent = T0 + 30 * DAY;
        try (TopologyHarness t = direct()) {
            t.predictAt(sent, "r1", "m", T0, "cat");
            t.rawPrediction(null, "not json".getBytes(StandardCharsets.UTF_8), sent + DAY);
            t.labelAt(sent + 1, "r1", "m", T0 + 5 * MIN, "dog");
            t.predictAt(sent + 2, "r2", "m", T0 + MIN, "cat");
            ModelTotals totals = t.totals("m");
            assertThat(totals.get(PipelineCounter.JOINED)).isEqualTo(1);
            assertThat(totals.get(PipelineCounter.EXPIRED)).isZero();
            assertThat(totals.get(PipelineCounter.PENDING)).isEqualTo(1);
            // Event time does move it: a prediction 2 h later expires r2 (horizon 1 h), and r3 waits.
            t.predictAt(sent + 3, "r3", "m", T0 + 2 * HOUR, "cat");
            t.advanceStreamTimeTo(T0 + 2 * HOUR + 30 * MIN);
            assertThat(t.totals("m").get(PipelineCounter.EXPIRED)).isEqualTo(1);
            assertThat(t.totals("m").get(PipelineCounter.PENDING)).isEqualTo(1);
        }
    }

    /** Predictions, duplicates, corrections, labels for every model, events dated by their record, and bad records. */
    private static List<Consumer<TopologyHarness>> mixedEvents() {
        Random rnd = new Random(7);
        String[] classes = {"A", "B", "C"};
        List<Consumer<TopologyHarness>> events = new ArrayList<>();
        for (int n = 0; n < 120; n++) {
            int i = n;
            String id = "r" + i;
            long ts = T0 + rnd.nextInt(40) * MIN;
            String p = classes[rnd.nextInt(3)];
            String a = classes[rnd.nextInt(3)];
            String model = i % 7 == 0 ? "n" : "m";
            events.add(h -> h.predict(id, model, ts, p));
            if (i % 5 == 0) events.add(h -> h.predict(id, model, ts + MIN, classes[(i / 5) % 3]));
            if (i % 9 == 0) {
                events.add(h -> h.label(id, null, ts + 2 * MIN, a));
            } else if (i % 4 != 3) {
                events.add(h -> h.label(id, model, ts + 3 * MIN, a));
            }
            if (i % 11 == 0) events.add(h -> h.label(id, model, ts + 4 * MIN, classes[(i / 11) % 3]));
            if (i % 13 == 0) {
                // No ts: dated by the record's timestamp.
                events.add(h -> h.rawPrediction(null, TopologyHarness.json("{\"id\":\"u%d\",\"model\":\"m\",\"predicted\":\"A\"}", i), ts));
                events.add(h -> h.label("u" + i, "m", ts + MIN, a));
            }
        }
        events.add(h -> h.rawPrediction("k".getBytes(StandardCharsets.UTF_8), TopologyHarness.json("{\"model\":\"m\",\"ts\":1}"), T0 + 99));
        // No ts and a record timestamp in seconds: bad_timestamp, and the DLQ keeps the record's timestamp. (A
        // record timestamp far ahead is not compared: the test driver runs every sub-topology in one task,
        // so through by-id there its stream time would take it, which no broker would do.)
        events.add(h -> h.rawLabel(null, TopologyHarness.json("{\"id\":\"x\",\"model\":\"m\",\"actual\":\"A\"}"), T0 / 1000));
        events.add(h -> h.rawPrediction(null, "{".getBytes(StandardCharsets.UTF_8), T0 + 7));
        return events;
    }

    private static List<String> describe(List<TestRecord<byte[], byte[]>> records) {
        List<String> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : records) {
            StringBuilder s = new StringBuilder()
                    .append(r.key() == null ? "null" : new String(r.key(), StandardCharsets.UTF_8)).append(" | ")
                    .append(new String(r.value(), StandardCharsets.UTF_8)).append(" | ").append(r.timestamp());
            for (Header h : r.headers()) s.append(" | ").append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
            out.add(s.toString());
        }
        return out;
    }
}
