package io.confmon.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.app.Config;
import io.confmon.json.Json;
import io.confmon.testing.TestBroker;
import io.confmon.tf.score.Scorer;
import io.confmon.tf.score.ServedModels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code confmon score} on a real broker: feature events (JSON and Avro, keyless and keyed, three
 * partitions) in, one prediction event each out with the class the model's known weights imply,
 * and the poison, wrongly shaped and unknown-model events in the DLQ with the contract's headers;
 * then labels arrive and the monitor, reading those predictions, serves the matrix the weights imply.
 */
class ScoreIntegrationTest {
    private static final long T0 = System.currentTimeMillis() - 600_000L;
    private static TestBroker kafka;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = TestBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void scoresEveryFeatureEventOnceAndDeadLettersTheBadOnes() throws Exception {
        String prefix = "score1-";
        kafka.createTopic(prefix + "features", 3);
        kafka.createTopic(prefix + "predictions", 2);
        kafka.createTopic(prefix + "dlq", 1);
        kafka.createTopic(prefix + "labels", 1);
        kafka.createTopic(prefix + "snapshots", 1);
        Random random = new Random(99);
        TestModels.Dense dense = TestModels.random(random, 4, 3, false);
        Path modelDir = TestModels.export(dense, dir.resolve("fashion").resolve("7"), false);

        Map<String, double[]> sent = new HashMap<>();
        int n = 240;
        for (int i = 0; i < n; i++) {
            double[] x = new double[4];
            do {
                for (int j = 0; j < 4; j++) x[j] = Math.round(random.nextGaussian() * 8) / 4.0;
            } while (dense.margin(x, 0.5) < 0.05);
            String id = "req-" + i;
            sent.put(id, x);
            if (i % 40 == 7) {
                io.confmon.avro.FeatureEvent avro = io.confmon.avro.FeatureEvent.newBuilder().setId(id).setModel("fashion")
                        .setTs(T0 + i).setFeatures(java.util.Arrays.stream(x).boxed().toList()).build();
                ByteBuffer bytes = io.confmon.avro.FeatureEvent.getEncoder().encode(avro);
                kafka.produce(new ProducerRecord<>(prefix + "features", null, null, bytes.array()));
            } else {
                String json = "{\"id\":\"" + id + "\",\"model\":\"fashion\",\"ts\":" + (T0 + i) + ",\"features\":"
                        + java.util.Arrays.toString(x) + (i % 3 == 0 ? ",\"slice\":{\"region\":\"eu\"}" : "") + "}";
                kafka.produce(prefix + "features", i % 2 == 0 ? id : null, json);
            }
        }
        kafka.produce(prefix + "features", null, "this is not json");
        kafka.produce(prefix + "features", null, "{\"id\":\"wide\",\"model\":\"fashion\",\"features\":[1,2,3,4,5]}");
        kafka.produce(prefix + "features", null, "{\"id\":\"nested\",\"model\":\"fashion\",\"features\":[[1,2],[3,4]]}");
        kafka.produce(prefix + "features", null, "{\"id\":\"who\",\"model\":\"other\",\"features\":[1,2,3,4]}");

        Config config = Config.load(null, Map.of(), Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "models.fashion.savedmodel", modelDir.toString()));
        Properties props = config.kafkaProperties();
        Scorer.Settings settings = new Scorer.Settings(prefix + "features", prefix + "predictions", prefix + "dlq",
                "score1", "score1-tx", 64, props);
        try (ServedModels models = ServedModels.load(TensorFlowRuntime.backend(), config.savedModels(), config.modelSettings());
             Scorer scorer = new Scorer(settings, models.byName())) {
            Thread loop = new Thread(scorer::run, "scorer");
            loop.start();
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300))
                    .until(() -> kafka.consumeAll(prefix + "predictions", true).size() >= n && kafka.consumeAll(prefix + "dlq", true).size() >= 4);
            Thread.sleep(1000); // anything more would be a duplicate: give it time to show
            scorer.stop();
            loop.join(10_000);
        }

        List<ConsumerRecord<String, String>> predictions = kafka.consumeAll(prefix + "predictions", true);
        assertThat(predictions).hasSize(n);
        Map<String, JsonNode> byId = new HashMap<>();
        for (ConsumerRecord<String, String> r : predictions) {
            JsonNode p = Json.MAPPER.readTree(r.value());
            assertThat(byId.put(p.get("id").asText(), p)).as("one prediction per id").isNull();
            assertThat(r.key()).isEqualTo(p.get("id").asText());
        }
        assertThat(byId.keySet()).isEqualTo(sent.keySet());
        for (Map.Entry<String, double[]> e : sent.entrySet()) {
            JsonNode p = byId.get(e.getKey());
            int i = Integer.parseInt(e.getKey().substring(4));
            assertThat(p.get("predicted").asInt()).as(e.getKey()).isEqualTo(dense.predict(e.getValue(), 0.5));
            assertThat(p.get("scores").size()).isEqualTo(3);
            assertThat(p.get("model").asText()).isEqualTo("fashion");
            assertThat(p.get("modelVersion").asText()).isEqualTo("7");
            assertThat(p.get("ts").asLong()).isEqualTo(T0 + i);
            if (i % 3 == 0 && i % 40 != 7) assertThat(p.at("/slice/region").asText()).isEqualTo("eu");
        }

        List<ConsumerRecord<String, String>> dead = kafka.consumeAll(prefix + "dlq", true);
        assertThat(dead).hasSize(4);
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, String> r : dead) {
            reasons.put(r.value(), header(r, "confmon.error") + ": " + header(r, "confmon.detail"));
            assertThat(header(r, "confmon.source.topic")).isEqualTo(prefix + "features");
            assertThat(header(r, "confmon.source.partition")).matches("[0-2]");
            assertThat(header(r, "confmon.source.offset")).matches("\\d+");
        }
        assertThat(reasons.get("this is not json")).startsWith("malformed");
        assertThat(reasons.get("{\"id\":\"wide\",\"model\":\"fashion\",\"features\":[1,2,3,4,5]}")).startsWith("invalid")
                .contains("shape [5]").contains("[4]");
        assertThat(reasons.get("{\"id\":\"nested\",\"model\":\"fashion\",\"features\":[[1,2],[3,4]]}")).startsWith("invalid")
                .contains("shape [2, 2]");
        assertThat(reasons.get("{\"id\":\"who\",\"model\":\"other\",\"features\":[1,2,3,4]}")).startsWith("invalid")
                .contains("models.other.savedmodel");

        monitorCountsTheScoredPredictions(prefix, dense, sent);
    }

    /** Labels for every scored id; the monitor's matrix must be (label, class the weights imply) counted once each. */
    private static void monitorCountsTheScoredPredictions(String prefix, TestModels.Dense dense, Map<String, double[]> sent)
            throws Exception {
        long[][] expected = new long[3][3];
        for (Map.Entry<String, double[]> e : sent.entrySet()) {
            int i = Integer.parseInt(e.getKey().substring(4));
            int actual = (i * 7) % 3;
            expected[actual][dense.predict(e.getValue(), 0.5)]++;
            kafka.produce(prefix + "labels", null, "{\"id\":\"" + e.getKey() + "\",\"model\":\"fashion\",\"ts\":" + (T0 + i + 1000)
                    + ",\"actual\":" + actual + "}");
        }
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap.servers", kafka.bootstrapServers());
        flags.put("application.id", prefix + "monitor");
        flags.put("http.host", "127.0.0.1");
        flags.put("http.port", "0");
        flags.put("state.dir", java.nio.file.Files.createTempDirectory("confmon-score-it").toString());
        flags.put("topics.predictions", prefix + "predictions");
        flags.put("topics.labels", prefix + "labels");
        flags.put("topics.dlq", prefix + "dlq");
        flags.put("topics.snapshots", prefix + "snapshots");
        flags.put("models.fashion.classes", "0,1,2");
        flags.put("flush.interval", "100ms");
        flags.put("streams.commit.interval.ms", "200");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try (io.confmon.app.Monitor monitor = io.confmon.app.Monitor.start(Config.load(null, Map.of(), flags),
                new io.confmon.metrics.MonitorInstruments())) {
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + monitor.httpPort() + "/api/v1/models/fashion/matrix");
            JsonNode[] doc = new JsonNode[1];
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
                var r = http.send(java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) return false;
                doc[0] = Json.MAPPER.readTree(r.body());
                return doc[0].get("total").asDouble() == sent.size();
            });
            long[][] served = Json.MAPPER.treeToValue(doc[0].get("counts"), long[][].class);
            assertThat(served).isDeepEqualTo(expected);
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
