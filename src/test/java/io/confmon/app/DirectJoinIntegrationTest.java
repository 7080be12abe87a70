package io.confmon.app;

import static io.confmon.app.MonitorReads.bucketBytes;
import static io.confmon.app.MonitorReads.cells;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.testing.TestBroker;
import io.confmon.topology.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code join.direct=true} on a real broker: events keyed by id with the producer's default
 * partitioner, or put in their id's partition by hand, are joined where they are read; events with
 * another key, no key or in another partition go through by-id. The matrix equals the events'
 * counts exactly, the by-id topic holds exactly the records that had to move (so the direct path
 * was taken), and a replay without the direct join builds byte-identical buckets.
 */
class DirectJoinIntegrationTest {
    private static final String[] CLASSES = {"cat", "dog", "eel"};
    private static final long T0 = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L - 30 * 60_000L + 17_000L;
    private static TestBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = TestBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void equalPartitionCounts() throws Exception {
        countsExactlyWhicheverPathAnEventTakes("dj4-", 4, 4);
    }

    /** By-id gets the larger count (4); a label in partition p < 3 whose id's partition of 4 is p is joined directly too. */
    @Test
    void unequalPartitionCounts() throws Exception {
        countsExactlyWhicheverPathAnEventTakes("dj43-", 4, 3);
    }

    /**
     * Switching the key changes the topology's task ids (the join moves from sub-topology 1 to 0),
     * with every instance stopped: the state comes back from the changelogs, so predictions left
     * pending before a switch are joined after it, and the counts stay exact both ways.
     */
    @Test
    void switchingWithTheInstanceStoppedKeepsTheState() throws Exception {
        String prefix = "djsw-";
        kafka.createTopic(prefix + "predictions", 4);
        kafka.createTopic(prefix + "labels", 4);
        kafka.createTopic(prefix + "dlq", 1);
        kafka.createTopic(prefix + "snapshots", 1);
        Traffic traffic = new Traffic(4);
        Map<String, String> flags = RunningMonitor.settings(kafka.bootstrapServers(), prefix + "app", prefix);
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        long joined = 0;
        int n = 0;
        for (String direct : List.of("false", "true", "false")) {
            // The labels of the last phase's predictions come now: their predictions wait in the state.
            for (int i = Math.max(0, n - 50); i < n; i++) {
                traffic.send(prefix + "labels", 4, i, "sw-" + i, String.format("{\"id\":\"sw-%d\",\"ts\":%d,\"actual\":\"%s\"}",
                        i, T0 + i * 1_000L + 500, CLASSES[(i / 3) % 3]));
                expected.computeIfAbsent(CLASSES[(i / 3) % 3], a -> new TreeMap<>()).merge(CLASSES[i % 3], 1L, Long::sum);
                joined++;
            }
            for (int i = n; i < n + 150; i++) {
                traffic.send(prefix + "predictions", 4, i, "sw-" + i, String.format("{\"id\":\"sw-%d\",\"model\":\"m\",\"ts\":%d,\"predicted\":\"%s\"}",
                        i, T0 + i * 1_000L, CLASSES[i % 3]));
                if (i >= n + 100) continue;
                traffic.send(prefix + "labels", 4, i + 2, "sw-" + i, String.format("{\"id\":\"sw-%d\",\"ts\":%d,\"actual\":\"%s\"}",
                        i, T0 + i * 1_000L + 500, CLASSES[(i / 3) % 3]));
                expected.computeIfAbsent(CLASSES[(i / 3) % 3], a -> new TreeMap<>()).merge(CLASSES[i % 3], 1L, Long::sum);
                joined++;
            }
            n += 150;
            flags.put("join.direct", direct);
            long expectJoined = joined;
            try (RunningMonitor live = RunningMonitor.start(flags)) {
                await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    JsonNode m = live.model("m");
                    assertThat(m).isNotNull();
                    assertThat(m.get("joined").asLong()).as("joined with join.direct=%s", direct).isEqualTo(expectJoined);
                    assertThat(m.get("pending").asLong()).isEqualTo(50);
                });
                assertThat(cells(live.get("/api/v1/models/m/matrix"))).isEqualTo(expected);
            }
        }
    }

    private void countsExactlyWhicheverPathAnEventTakes(String prefix, int predictionPartitions, int labelPartitions) throws Exception {
        kafka.createTopic(prefix + "predictions", predictionPartitions);
        kafka.createTopic(prefix + "labels", labelPartitions);
        kafka.createTopic(prefix + "dlq", 1);
        kafka.createTopic(prefix + "snapshots", 1);
        Traffic traffic = new Traffic(Math.max(predictionPartitions, labelPartitions));

        Map<String, Map<String, Long>> expected = new TreeMap<>();
        int n = 400;
        for (int i = 0; i < n; i++) {
            String id = "dj-" + i;
            String predicted = CLASSES[i % 3];
            String actual = CLASSES[(i / 3) % 3];
            long ts = T0 + i * 1_000L;
            traffic.send(prefix + "predictions", predictionPartitions, i, id,
                    String.format("{\"id\":\"%s\",\"model\":\"m\",\"ts\":%d,\"predicted\":\"%s\"}", id, ts, predicted));
            if (i % 10 == 9) continue; // never labelled
            String counted = actual;
            traffic.send(prefix + "labels", labelPartitions, i / 2, id,
                    String.format("{\"id\":\"%s\",\"ts\":%d,\"actual\":\"%s\"}", id, ts + 5_000, actual));
            if (i % 25 == 0) {
                counted = CLASSES[(i / 3 + 1) % 3];
                traffic.send(prefix + "labels", labelPartitions, i + 1, id,
                        String.format("{\"id\":\"%s\",\"ts\":%d,\"actual\":\"%s\"}", id, ts + 9_000, counted));
            }
            expected.computeIfAbsent(counted, a -> new TreeMap<>()).merge(predicted, 1L, Long::sum);
        }
        traffic.reject(prefix + "predictions", "not json at all");
        traffic.reject(prefix + "labels", "{\"id\":\"x\",\"model\":\"m\",\"ts\":1763800000,\"actual\":\"cat\"}");
        long joined = expected.values().stream().flatMap(r -> r.values().stream()).mapToLong(Long::longValue).sum();

        Map<String, String> flags = RunningMonitor.settings(kafka.bootstrapServers(), prefix + "live", prefix);
        flags.put("join.direct", "true");
        // Streams deletes what it has read from a repartition topic every 30 s; the count below reads all of it.
        flags.put("streams.repartition.purge.interval.ms", "3600000");
        Map<String, String> liveBuckets;
        try (RunningMonitor live = RunningMonitor.start(flags)) {
            await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                JsonNode m = live.model("m");
                assertThat(m).isNotNull();
                // The malformed record names no model: its dead letter counts under none.
                assertThat(m.get("joined").asLong()).isEqualTo(joined);
                assertThat(m.get("deadLetters").asLong()).isEqualTo(1);
            });
            assertThat(cells(live.get("/api/v1/models/m/matrix"))).isEqualTo(expected);
            assertThat(live.model("m").get("pending").asLong()).isEqualTo(n / 10);

            int byId = kafka.consumeAll(prefix + "live-" + Names.BY_ID + "-repartition", true,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).size();
            // One record for every event out of its id's partition, and one notice per dead letter.
            assertThat(byId).isEqualTo(traffic.moved + 2);
            assertThat(traffic.direct).as("events sent to their id's partition").isGreaterThan(n / 2);
            assertThat(traffic.moved).as("events sent elsewhere").isGreaterThan(n / 4);
            liveBuckets = bucketBytes(live.monitor);
        }

        Map<String, String> replayFlags = RunningMonitor.settings(kafka.bootstrapServers(), prefix + "replay", prefix);
        try (RunningMonitor replay = RunningMonitor.start(replayFlags)) {
            await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                JsonNode m = replay.model("m");
                assertThat(m).isNotNull();
                assertThat(m.get("joined").asLong()).isEqualTo(joined);
            });
            assertThat(bucketBytes(replay.monitor)).isEqualTo(liveBuckets);
        }
    }

    /** Sends each event in one of five ways and counts which are in their id's partition, so joined where they are read. */
    private static final class Traffic {
        /** Partitions of by-id: the larger input's. */
        private final int byIdPartitions;
        int direct;
        int moved;

        Traffic(int byIdPartitions) {
            this.byIdPartitions = byIdPartitions;
        }

        /** The id's partition as the producer's default partitioner computes it (written here, apart from {@code DirectJoin}'s). */
        int partitionOf(byte[] id) {
            return Utils.toPositive(Utils.murmur2(id)) % byIdPartitions;
        }

        /**
         * {@code way % 5}: 0 keyed by id, the producer's default partitioner; 1 keyed by id, put in the
         * id's partition by hand; 2 keyed by something else; 3 no key; 4 keyed by id, in the next partition.
         */
        void send(String topic, int partitions, int way, String id, String json) {
            byte[] key = utf8(id);
            int idPartition = partitionOf(key);
            ProducerRecord<byte[], byte[]> record = switch (way % 5) {
                case 0 -> new ProducerRecord<>(topic, key, utf8(json));
                case 1 -> new ProducerRecord<>(topic, idPartition % partitions, key, utf8(json));
                case 2 -> new ProducerRecord<>(topic, utf8("other-" + id), utf8(json));
                case 3 -> new ProducerRecord<>(topic, null, utf8(json));
                default -> new ProducerRecord<>(topic, (idPartition + 1) % partitions, key, utf8(json));
            };
            RecordMetadata sent = kafka.produce(record);
            if (way % 5 == 0 && partitions == byIdPartitions) {
                assertThat(sent.partition()).as("the producer's default partitioner puts %s where the rule says", id).isEqualTo(idPartition);
            }
            if (sent.partition() == idPartition) direct++;
            else moved++;
        }

        void reject(String topic, String value) {
            kafka.produce(new ProducerRecord<>(topic, null, utf8(value)));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
