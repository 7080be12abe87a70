package io.confmon.app;

import static io.confmon.app.MonitorReads.bucketBytes;
import static io.confmon.app.MonitorReads.cells;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.testing.OutsideTools;
import io.confmon.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor on a real broker (Testcontainers' Kafka where Docker runs, else the embedded KRaft
 * broker): input topics with different partition counts, records with and without keys, a
 * duplicate, a correction and poison records; the served matrix must equal the one computed here,
 * the DLQ must hold exactly the poison records with their reasons, and a replay with a fresh
 * application id must rebuild byte-identical buckets.
 */
class MonitorIntegrationTest {
    private static final String[] CLASSES = {"cat", "dog", "eel"};
    /**
     * Event time half an hour ago, 17 s into a minute (so bucket alignment shows): recent, because
     * the broker deletes segments whose records are older than the topic's retention (7 days), which
     * would take the input away from the replay.
     */
    private static final long T0 = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L - 30 * 60_000L + 17_000L;
    private static TestBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = TestBroker.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void countsExactlyAndReplaysIdentically() throws Exception {
        String prefix = "it1-";
        kafka.createTopic(prefix + "predictions", 3);
        kafka.createTopic(prefix + "labels", 2);
        kafka.createTopic(prefix + "dlq", 1);
        kafka.createTopic(prefix + "snapshots", 1);

        Map<String, Map<String, Long>> expected = new TreeMap<>();
        int n = 300;
        for (int i = 0; i < n; i++) {
            String id = "req-" + i;
            String predicted = CLASSES[i % 3];
            String actual = CLASSES[(i / 3) % 3];
            long ts = T0 + i * 1_000L;
            byte[] key = i % 4 == 0 ? null : id.getBytes(StandardCharsets.UTF_8);
            produce(prefix + "predictions", key, "{\"id\":\"%s\",\"model\":\"m\",\"ts\":%d,\"predicted\":\"%s\"}", id, ts, predicted);
            if (i % 10 == 9) continue; // never labelled
            String counted = actual;
            produce(prefix + "labels", null, "{\"id\":\"%s\",\"model\":\"m\",\"ts\":%d,\"actual\":\"%s\"}", id, ts + 5_000, actual);
            if (i % 25 == 0) {
                counted = CLASSES[(i / 3 + 1) % 3];
                produce(prefix + "labels", null, "{\"id\":\"%s\",\"model\":\"m\",\"ts\":%d,\"actual\":\"%s\"}", id, ts + 9_000, counted);
            }
            if (i % 30 == 0) {
                produce(prefix + "predictions", key, "{\"id\":\"%s\",\"model\":\"m\",\"ts\":%d,\"predicted\":\"%s\"}", id, ts, predicted);
            }
            expected.computeIfAbsent(counted, a -> new TreeMap<>()).merge(predicted, 1L, Long::sum);
        }
        produce(prefix + "predictions", null, "this is not json");
        produce(prefix + "labels", null, "{\"id\":\"x\",\"model\":\"m\",\"ts\":1763800000,\"actual\":\"cat\"}");
        long joined = expected.values().stream().flatMap(r -> r.values().stream()).mapToLong(Long::longValue).sum();

        Map<String, String> flags = RunningMonitor.settings(kafka.bootstrapServers(), "it1-live", prefix);
        try (RunningMonitor live = RunningMonitor.start(flags)) {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonNode m = live.model("m");
                return m != null && m.get("joined").asLong() == joined && m.get("deadLetters").asLong() == 1;
            });
            JsonNode doc = live.get("/api/v1/models/m/matrix");
            assertThat(cells(doc)).isEqualTo(expected);
            assertThat(doc.get("total").asDouble()).isEqualTo((double) joined);
            JsonNode summary = live.model("m");
            // 12 corrections sent, but the counters (unlike the matrix) see arrival order: where a
            // correction overtook its first label (another partition), that label arrives older and
            // is a duplicate; where both labels came before the prediction, neither is counted.
            // The 10 duplicate predictions are duplicates in any order.
            long corrections = summary.get("corrections").asLong();
            long duplicates = summary.get("duplicates").asLong();
            assertThat(corrections).isBetween(0L, 12L);
            assertThat(duplicates).isBetween(10L, 22L);
            assertThat(corrections + duplicates).isLessThanOrEqualTo(22L);
            assertThat(summary.get("pending").asLong()).isEqualTo(30);
            assertThat(live.status("/api/v1/models/nope/matrix")).isEqualTo(404);
            assertThat(live.status("/api/v1/models/m/matrix?last=banana")).isEqualTo(400);
            assertThat(live.status("/readyz")).isEqualTo(200);
            assertThat(live.get("/api/v1/models/m/matrix?from=" + T0 + "&to=" + (T0 + 60_000)).get("total").asDouble())
                    .isEqualTo(countsInFirstMinute(n));

            List<ConsumerRecord<String, String>> dead = kafka.consumeAll(prefix + "dlq", true);
            assertThat(dead).hasSize(2);
            assertThat(dead).extracting(r -> header(r, "confmon.error")).containsExactlyInAnyOrder("malformed", "bad_timestamp");
            assertThat(dead).extracting(ConsumerRecord::value).contains("this is not json");

            await().atMost(30, TimeUnit.SECONDS).until(() -> !kafka.consumeAll(prefix + "snapshots", true).isEmpty());
            ConsumerRecord<String, String> snapshot = kafka.consumeAll(prefix + "snapshots", true).get(0);
            assertThat(snapshot.key()).startsWith("m|");
            JsonNode snap = io.confmon.json.Json.MAPPER.readTree(snapshot.value());
            assertThat(snap.get("window").asText()).isIn("5m", "20m", "1h", "24h");
            assertThat(snap.at("/matrix/model").asText()).isEqualTo("m");

            Map<String, String> liveBuckets = bucketBytes(live.monitor);
            Map<String, String> replayFlags = RunningMonitor.settings(kafka.bootstrapServers(), "it1-replay", prefix);
            try (RunningMonitor replay = RunningMonitor.start(replayFlags)) {
                await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).until(() -> {
                    JsonNode m = replay.model("m");
                    return m != null && m.get("joined").asLong() == joined;
                });
                assertThat(bucketBytes(replay.monitor)).isEqualTo(liveBuckets);
            }
        }
    }

    /** Two instances of one application split the models; each answers for every model (forwarding to the holder). */
    @Test
    void anyInstanceAnswersForAnyModel() throws Exception {
        String prefix = "it4-";
        kafka.createTopic(prefix + "predictions", 4);
        kafka.createTopic(prefix + "labels", 4);
        kafka.createTopic(prefix + "dlq", 1);
        kafka.createTopic(prefix + "snapshots", 1);
        List<String> models = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
        for (int i = 0; i < 240; i++) {
            String model = models.get(i % models.size());
            produce(prefix + "predictions", null, "{\"id\":\"f-%d\",\"model\":\"%s\",\"ts\":%d,\"predicted\":\"%s\"}",
                    i, model, T0 + i, CLASSES[i % 3]);
            produce(prefix + "labels", null, "{\"id\":\"f-%d\",\"ts\":%d,\"actual\":\"%s\"}", i, T0 + i + 10, CLASSES[(i / 7) % 3]);
        }
        try (RunningMonitor one = RunningMonitor.start(RunningMonitor.settings(kafka.bootstrapServers(), "it4", prefix));
             RunningMonitor two = RunningMonitor.start(RunningMonitor.settings(kafka.bootstrapServers(), "it4", prefix))) {
            await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode all = one.getOrNull("/api/v1/models");
                if (all == null || all.size() != models.size()) return false;
                long joined = 0;
                for (JsonNode m : all) joined += m.get("joined").asLong();
                return joined == 240 && one.monitor.ready() && two.monitor.ready();
            });
            assertThat(one.monitor.local().models()).isNotEmpty();
            assertThat(two.monitor.local().models()).isNotEmpty();
            for (String model : models) {
                JsonNode fromOne = one.get("/api/v1/models/" + model + "/matrix");
                JsonNode fromTwo = two.get("/api/v1/models/" + model + "/matrix");
                assertThat(fromOne).isEqualTo(fromTwo);
                assertThat(fromOne.get("total").asDouble()).isEqualTo(40.0);
            }
            assertThat(two.get("/api/v1/models")).isEqualTo(one.get("/api/v1/models"));
        }
    }

    /** {@code confmon backfill} replays the topics with its own application id and writes the same matrix live processing served. */
    @Test
    void backfillRebuildsTheLiveMatrix(@org.junit.jupiter.api.io.TempDir Path out) throws Exception {
        String prefix = "it3-";
        kafka.createTopic(prefix + "predictions", 2);
        kafka.createTopic(prefix + "labels", 3);
        kafka.createTopic(prefix + "dlq", 1);
        kafka.createTopic(prefix + "snapshots", 1);
        for (int i = 0; i < 60; i++) {
            produce(prefix + "predictions", null, "{\"id\":\"b-%d\",\"model\":\"bf\",\"ts\":%d,\"predicted\":\"%s\",\"weight\":%s}",
                    i, T0 + i * 7_000L, CLASSES[i % 3], 0.5 + i % 4);
            produce(prefix + "labels", null, "{\"id\":\"b-%d\",\"ts\":%d,\"actual\":\"%s\"}", i, T0 + i * 7_000L + 500, CLASSES[(i / 2) % 3]);
        }
        Map<String, String> flags = RunningMonitor.settings(kafka.bootstrapServers(), "it3-live", prefix);
        try (RunningMonitor live = RunningMonitor.start(flags)) {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonNode m = live.model("bf");
                return m != null && m.get("joined").asLong() == 60;
            });
            JsonNode served = live.get("/api/v1/models/bf/matrix");
            List<String> args = new ArrayList<>(List.of("backfill", "--output", out.toString(), "--application-id", "it3-backfill"));
            for (Map.Entry<String, String> e : RunningMonitor.settings(kafka.bootstrapServers(), "unused", prefix).entrySet()) {
                if (!e.getKey().equals("application.id")) args.addAll(List.of("--set", e.getKey() + "=" + e.getValue()));
            }
            io.confmon.cli.CliRun run = io.confmon.cli.CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            assertThat(run.out()).contains("bf").contains("60 of 60 records (100%)".replace("60 of 60", "120 of 120"));
            JsonNode rebuilt = io.confmon.json.Json.MAPPER.readTree(out.resolve("bf.json").toFile());
            assertThat(rebuilt.get("counts")).isEqualTo(served.get("counts"));
            assertThat(rebuilt.get("classes")).isEqualTo(served.get("classes"));
            assertThat(Files.size(out.resolve("bf.png"))).isGreaterThan(1000);
        }
    }

    /** kcat (librdkafka: another client, another partitioner) produces into topics whose partition counts differ. */
    @Test
    void joinsEventsProducedByKcat() throws Exception {
        Path kcat = OutsideTools.require("kcat", "apt-get install kcat");
        String prefix = "it2-";
        kafka.createTopic(prefix + "predictions", 4);
        kafka.createTopic(prefix + "labels", 1);
        kafka.createTopic(prefix + "dlq", 1);
        kafka.createTopic(prefix + "snapshots", 1);
        StringBuilder predictions = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        int n = 120;
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String id = "k-" + i;
            String p = CLASSES[i % 3];
            String a = CLASSES[(i * 7) % 3];
            predictions.append(id).append('\t').append(String.format("{\"id\":\"%s\",\"model\":\"kc\",\"ts\":%d,\"predicted\":\"%s\"}", id, T0 + i, p)).append('\n');
            labels.append(id).append('\t').append(String.format("{\"id\":\"%s\",\"ts\":%d,\"actual\":\"%s\"}", id, T0 + i + 100, a)).append('\n');
            expected.computeIfAbsent(a, x -> new TreeMap<>()).merge(p, 1L, Long::sum);
        }
        kcatProduce(kcat, prefix + "labels", labels.toString());
        kcatProduce(kcat, prefix + "predictions", predictions.toString());
        try (RunningMonitor live = RunningMonitor.start(RunningMonitor.settings(kafka.bootstrapServers(), "it2", prefix))) {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonNode m = live.model("kc");
                return m != null && m.get("joined").asLong() == n;
            });
            assertThat(cells(live.get("/api/v1/models/kc/matrix"))).isEqualTo(expected);
        }
    }

    private static void kcatProduce(Path kcat, String topic, String lines) throws Exception {
        Path file = Files.createTempFile("kcat", ".txt");
        Files.writeString(file, lines);
        Process p = new ProcessBuilder(kcat.toString(), "-P", "-b", kafka.bootstrapServers(), "-t", topic, "-K", "\t",
                "-l", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** Labelled predictions (1 s apart from T0) in the buckets of [T0, T0 + 60 s), aligned outward to whole minutes. */
    private static double countsInFirstMinute(int n) {
        long from = Math.floorDiv(T0, 60_000L) * 60_000L;
        long to = Math.floorDiv(T0 + 60_000L + 59_999L, 60_000L) * 60_000L;
        int count = 0;
        for (int i = 0; i < n; i++) {
            long ts = T0 + i * 1_000L;
            if (i % 10 != 9 && ts >= from && ts < to) count++;
        }
        return count;
    }

    private void produce(String topic, byte[] key, String format, Object... args) {
        kafka.produce(new ProducerRecord<>(topic, key, String.format(format, args).getBytes(StandardCharsets.UTF_8)));
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
