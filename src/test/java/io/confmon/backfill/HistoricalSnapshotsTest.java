package io.confmon.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.cli.CliRun;
import io.confmon.json.Json;
import io.confmon.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --snapshots} on a real broker: 24 pairs, one every 30 s over 12 minutes; with a 5m view and
 * a 5 minute snapshot interval, one snapshot per 5 minutes, keyed {@code model|window}, stamped at
 * its window's end, holding the pairs predicted in that window.
 */
class HistoricalSnapshotsTest {
    private static final long T0 = 1_763_800_020_000L;
    private static final String[] CLASSES = {"cat", "dog", "bird"};
    private static TestBroker kafka;

    @BeforeAll
    static void start() {
        kafka = TestBroker.start();
        kafka.createTopic("hs-predictions", 2);
        kafka.createTopic("hs-labels", 2);
        kafka.createTopic("hs-snapshots", 1);
        for (int i = 0; i < 24; i++) {
            long ts = T0 + i * 30_000L;
            kafka.produce("hs-predictions", null, "{\"id\":\"s%d\",\"model\":\"pets\",\"ts\":%d,\"predicted\":\"%s\"}".formatted(i, ts, CLASSES[i % 3]));
            kafka.produce("hs-labels", null, "{\"id\":\"s%d\",\"model\":\"pets\",\"ts\":%d,\"actual\":\"%s\"}".formatted(i, ts + 5_000, CLASSES[(i / 2) % 3]));
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void oneSnapshotPerIntervalStampedAtItsWindowsEnd(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("backfill", "--bootstrap-servers", kafka.bootstrapServers(), "--state-dir", dir.toString(),
                "--set", "topics.predictions=hs-predictions", "--set", "topics.labels=hs-labels", "--set", "topics.snapshots=hs-snapshots",
                "--set", "views=5m", "--set", "snapshot.interval=5m", "--snapshots");
        System.out.println(run.out() + run.err());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<ConsumerRecord<String, String>> records = kafka.consumeAll("hs-snapshots", true);
        // Buckets span 08:27..08:39 (T0 = 08:27:00Z): snapshots end at 08:30, 08:35 and 08:40.
        assertThat(records).hasSize(3);
        List<Long> ends = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            assertThat(r.key()).isEqualTo("pets|5m");
            JsonNode snapshot = Json.MAPPER.readTree(r.value());
            List<String> fields = new ArrayList<>();
            for (Iterator<String> it = snapshot.fieldNames(); it.hasNext(); ) fields.add(it.next());
            assertThat(fields).as("the live snapshot's fields").containsExactly("model", "window", "ts", "matrix", "cells");
            assertThat(snapshot.path("ts").asLong()).as("the snapshot is read as of the last moment of its window").isEqualTo(snapshot.path("matrix").path("to").asLong() - 1);
            assertThat(snapshot.path("window").asText()).isEqualTo("5m");
            long to = snapshot.path("matrix").path("to").asLong();
            assertThat(r.timestamp()).as("stamped at the window's end").isEqualTo(to);
            assertThat(snapshot.path("matrix").path("from").asLong()).isEqualTo(to - 300_000);
            long expected = 0;
            for (int i = 0; i < 24; i++) {
                long ts = T0 + i * 30_000L;
                if (ts >= to - 300_000 && ts < to) expected++;
            }
            assertThat(snapshot.path("matrix").path("total").asDouble()).as("pairs in the window ending " + to).isEqualTo(expected);
            assertThat(new String(r.headers().lastHeader(HistoricalSnapshots.HEADER).value(), StandardCharsets.UTF_8)).startsWith("confmon-backfill-");
            ends.add(to);
        }
        assertThat(ends).containsExactly(1_763_800_200_000L, 1_763_800_500_000L, 1_763_800_800_000L);
    }
}
