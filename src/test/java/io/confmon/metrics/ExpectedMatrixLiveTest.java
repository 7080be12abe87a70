package io.confmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.json.Json;
import io.confmon.testing.ScoredPredictions;
import io.confmon.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The expected matrix on a real broker, as a user sees it: the matrix document, the gauges and the
 * snapshots carry it before any label arrives and after half of the labels, equal to sums this
 * test makes from the events it sends (weight x score, each kept to 1e-6, by hand in BigDecimal).
 */
class ExpectedMatrixLiveTest {
    private static final String MODEL = "scored";
    private static final List<String> CLASSES = List.of("cat", "dog", "fox", "owl");
    private static final int K = CLASSES.size();
    private static final int N = 240;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Sent(String id, long ts, double[] scores, int predicted, double weight, int actual) {}

    private static TestBroker kafka;
    private static Monitor monitor;
    private static String base;
    private static final List<Sent> SENT = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = TestBroker.start();
        for (String t : List.of("exp-predictions", "exp-labels", "exp-dlq", "exp-snapshots")) kafka.createTopic(t, 2);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap.servers", kafka.bootstrapServers());
        flags.put("application.id", "expected-live");
        flags.put("http.host", "127.0.0.1");
        flags.put("http.port", "0");
        flags.put("state.dir", Files.createTempDirectory("confmon-expected").toString());
        flags.put("topics.predictions", "exp-predictions");
        flags.put("topics.labels", "exp-labels");
        flags.put("topics.dlq", "exp-dlq");
        flags.put("topics.snapshots", "exp-snapshots");
        flags.put("flush.interval", "100ms");
        flags.put("streams.commit.interval.ms", "200");
        flags.put("views", "1h");
        flags.put("snapshot.interval", "1s");
        flags.put("metrics.refresh", "1s");
        flags.put("models." + MODEL + ".classes", String.join(",", CLASSES));
        monitor = Monitor.start(Config.load(null, Map.of(), flags), new MonitorInstruments());
        base = "http://127.0.0.1:" + monitor.httpPort();

        Random rng = new Random(17);
        long now = System.currentTimeMillis();
        double[] weights = {1, 0.5, 2.25, 3.333333};
        for (int i = 0; i < N; i++) {
            double[] scores = ScoredPredictions.dirichlet(rng, K, 1.0);
            int predicted = ScoredPredictions.argmax(scores);
            SENT.add(new Sent("e-" + i, now - 60_000 - rng.nextInt(30 * 60_000), scores, predicted, weights[i % weights.length],
                    rng.nextInt(K)));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (monitor != null) monitor.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void documentGaugesAndSnapshotsCarryTheExpectedMatrixBeforeAndAfterTheLabels() throws Exception {
        send(SENT, false);
        await().atMost(120, TimeUnit.SECONDS).until(() -> count("pending") == N);
        List<Sent> none = List.of();

        JsonNode doc = matrix();
        assertMatrix(doc.get("expected").get("counts"), byHand(SENT));
        assertThat(doc.get("expected").get("total").asDouble()).isCloseTo(total(byHand(SENT)), within(1e-6));
        assertMatrix(doc.get("expectedLabelled").get("counts"), byHand(none));
        assertMatrix(doc.get("counts"), new long[K][K]);
        double accuracy = accuracy(byHand(SENT));
        assertThat(doc.get("expected").get("metrics").get("accuracy").asDouble()).isCloseTo(accuracy, within(1e-9));
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            Scrape scrape = Scrape.parse(text("/metrics"));
            assertThat(scrape.value("confmon_accuracy_expected", Map.of("model", MODEL, "window", "1h"))).isCloseTo(accuracy, within(1e-9));
            assertThat(scrape.value("confmon_confusion_expected", Map.of("model", MODEL, "window", "1h", "actual", "cat", "predicted", "dog")))
                    .isCloseTo(byHand(SENT)[0][1] / 1e6, within(1e-6));
            assertThat(scrape.named("confmon_calibration_gap")).as("no labelled rows yet").isEmpty();
        });
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertSnapshotCells(byHand(SENT)));
        String svg = text("/api/v1/models/" + MODEL + "/heatmap.svg?last=1h&of=expected&normalize=none");
        assertThat(svgCellCount(svg, "cat", "dog")).as("the expected heatmap's cat -> dog cell").isCloseTo(byHand(SENT)[0][1] / 1e6, within(5e-3));
        assertThat(status("/api/v1/models/" + MODEL + "/matrix?last=1h&of=expected")).as("of is for heatmaps").isEqualTo(400);

        List<Sent> labelled = SENT.subList(0, N / 2);
        send(labelled, true);
        await().atMost(120, TimeUnit.SECONDS).until(() -> count("joined") == N / 2);
        doc = matrix();
        assertMatrix(doc.get("expected").get("counts"), byHand(SENT));
        assertMatrix(doc.get("expectedLabelled").get("counts"), byHand(labelled));
        // The same rows: the totals differ only by each cell's rounding to 1e-6.
        assertThat(doc.get("expectedLabelled").get("total").asDouble()).isCloseTo(doc.get("total").asDouble(), within(N / 2 * K * 1e-6));
        JsonNode gap = doc.get("expectedLabelled").get("calibrationGap");
        assertThat(gap.size()).isEqualTo(K);
        double catGap = gap.get("cat").asDouble();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Scrape.parse(text("/metrics")).value("confmon_calibration_gap", Map.of("model", MODEL, "window", "1h", "class", "cat")))
                        .isCloseTo(catGap, within(1e-9)));
    }

    /** The latest committed snapshot of the 1h view lists every non-zero expected cell with the test's sum. */
    private static void assertSnapshotCells(long[][] byHand) throws IOException {
        JsonNode latest = null;
        for (ConsumerRecord<String, String> r : kafka.consumeAll("exp-snapshots", true)) {
            if (r.key().equals(MODEL + "|1h")) latest = Json.MAPPER.readTree(r.value());
        }
        assertThat(latest).as("a snapshot of %s|1h", MODEL).isNotNull();
        Map<String, Double> cells = new LinkedHashMap<>();
        for (JsonNode c : latest.get("cells")) cells.put(c.get("actual").asText() + ">" + c.get("predicted").asText(), c.get("expected").asDouble());
        for (int a = 0; a < K; a++) {
            for (int p = 0; p < K; p++) {
                if (byHand[a][p] == 0) continue;
                assertThat(cells.get(CLASSES.get(a) + ">" + CLASSES.get(p))).as("%s>%s", CLASSES.get(a), CLASSES.get(p))
                        .isCloseTo(byHand[a][p] / 1e6, within(1e-6));
            }
        }
    }

    private static long[][] byHand(List<Sent> sent) {
        long[][] sums = new long[K][K];
        for (Sent s : sent) {
            for (int i = 0; i < K; i++) sums[i][s.predicted()] += ScoredPredictions.expectedUnits(s.weight(), s.scores()[i]);
        }
        return sums;
    }

    private static double total(long[][] m) {
        long t = 0;
        for (long[] row : m) for (long v : row) t += v;
        return t / 1e6;
    }

    private static double accuracy(long[][] m) {
        long trace = 0;
        for (int i = 0; i < K; i++) trace += m[i][i];
        return trace / 1e6 / total(m);
    }

    private static void assertMatrix(JsonNode counts, long[][] byHand) {
        for (int a = 0; a < K; a++) {
            for (int p = 0; p < K; p++) {
                assertThat(counts.get(a).get(p).asDouble()).as("%s -> %s", CLASSES.get(a), CLASSES.get(p)).isCloseTo(byHand[a][p] / 1e6, within(1e-9));
            }
        }
    }

    private static void send(List<Sent> sent, boolean labels) {
        Map<String, Object> config = kafka.clientConfig();
        config.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (Sent s : sent) {
                if (labels) {
                    producer.send(new ProducerRecord<>("exp-labels", s.id(), String.format(Locale.ROOT,
                            "{\"id\":\"%s\",\"ts\":%d,\"actual\":\"%s\"}", s.id(), s.ts() + 20_000, CLASSES.get(s.actual()))));
                } else {
                    String scores = ScoredPredictions.json(s.scores());
                    producer.send(new ProducerRecord<>("exp-predictions", s.id(), String.format(Locale.ROOT,
                            "{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"scores\":[%s],\"weight\":%s}", s.id(), MODEL, s.ts(), scores,
                            Double.toString(s.weight()))));
                }
            }
            producer.flush();
        }
    }

    private static JsonNode matrix() throws IOException {
        return Json.MAPPER.readTree(text("/api/v1/models/" + MODEL + "/matrix?last=1h"));
    }

    private static long count(String field) {
        try {
            for (JsonNode m : Json.MAPPER.readTree(text("/api/v1/models"))) {
                if (m.get("model").asText().equals(MODEL)) return m.get(field).asLong();
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The data-count of the heatmap SVG's cell group for (actual, predicted). */
    private static double svgCellCount(String svg, String actual, String predicted) {
        java.util.regex.Matcher g = java.util.regex.Pattern.compile("<g\\b[^>]*>").matcher(svg);
        java.util.regex.Pattern attribute = java.util.regex.Pattern.compile("([\\w-]+)=['\"]([^'\"]*)['\"]"); // JFreeSVG quotes with '

        while (g.find()) {
            Map<String, String> a = new LinkedHashMap<>();
            java.util.regex.Matcher m = attribute.matcher(g.group());
            while (m.find()) a.put(m.group(1), m.group(2));
            if (actual.equals(a.get("data-actual")) && predicted.equals(a.get("data-predicted"))) return Double.parseDouble(a.get("data-count"));
        }
        throw new AssertionError("no cell " + actual + " -> " + predicted + " in " + svg.substring(0, Math.min(2000, svg.length())));
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String text(String path) throws IOException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
