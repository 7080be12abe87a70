package io.confmon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.metrics.MonitorInstruments;
import io.confmon.testing.ScoredPredictions;
import io.confmon.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page's expected matrix in headless Chromium: while every label is pending, the expected
 * heatmap (from the predictions' probabilities) stands beside the empty realized one, with its
 * cells' counts equal to the API's; once half the labels are in, the calibration table shows
 * per class the realized recall against the promised one, as the API computes it. The model is
 * overconfident (reality is flatter than its probabilities), so the gaps are negative. A
 * screenshot lands in {@code target/expected-matrix.png} ({@code -Dconfmon.expectedScreenshot=docs/expected-matrix.png}
 * refreshes the README's copy).
 */
class ExpectedMatrixBrowserTest {
    private static final String MODEL = "scored";
    private static final List<String> CLASSES = List.of("cat", "dog", "fox", "owl");
    private static final int N = 400;

    private record Sent(String id, long ts, double[] scores, int actual) {}

    private static TestBroker kafka;
    private static Monitor monitor;
    private static String base;
    private static final List<Sent> SENT = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.require();
        kafka = TestBroker.start();
        for (String topic : List.of("expage-predictions", "expage-labels", "expage-dlq", "expage-snapshots")) kafka.createTopic(topic, 2);
        Map<String, String> flags = PageApi.settings(kafka, "expage");
        flags.put("models." + MODEL + ".classes", String.join(",", CLASSES));
        monitor = Monitor.start(Config.load(null, Map.of(), flags), new MonitorInstruments());
        base = "http://127.0.0.1:" + monitor.httpPort();
        Random rng = new Random(3);
        long now = System.currentTimeMillis();
        for (int i = 0; i < N; i++) {
            int predicted = rng.nextInt(CLASSES.size());
            double[] scores = ScoredPredictions.softmax(rng, CLASSES.size(), predicted, 1, 2.5);
            // Overconfident: the actual class is drawn from a flatter distribution than the scores.
            double[] truth = new double[scores.length];
            for (int c = 0; c < scores.length; c++) truth[c] = 0.6 * scores[c] + 0.4 / scores.length;
            SENT.add(new Sent("x-" + i, now - 50 * 60_000 + i * (45L * 60_000 / N), scores, ScoredPredictions.draw(rng, truth)));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (monitor != null) monitor.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void theExpectedMatrixStandsBesideTheRealizedOneAndTheCalibrationTableFollowsTheLabels() throws Exception {
        produce(SENT, false);
        await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> PageApi.summary(base, MODEL), m -> m != null && m.get("pending").asLong() == N);

        JsonNode doc = PageApi.get(base, "/api/v1/models/" + MODEL + "/matrix?last=1h");
        PageDom page = new PageDom(HeadlessChromium.require().dumpDom(base + "/#model=" + MODEL + "&window=1h&normalize=none"));
        assertThat(page.byId("expected-panel").attributes()).as("shown while every label is pending").doesNotContainKey("hidden");
        List<PageDom> cells = page.byId("expected").elements("g", "cell");
        assertThat(cells).hasSize(CLASSES.size() * CLASSES.size());
        for (PageDom cell : cells) {
            Map<String, String> a = cell.attributes();
            int actual = CLASSES.indexOf(a.get("data-actual"));
            int predicted = CLASSES.indexOf(a.get("data-predicted"));
            assertThat(Double.parseDouble(a.get("data-count"))).as("%s -> %s", a.get("data-actual"), a.get("data-predicted"))
                    .isCloseTo(doc.get("expected").get("counts").get(actual).get(predicted).asDouble(), within(5e-4)); // 3 decimals in the SVG
        }
        assertThat(page.byId("calibration").rows()).element(1).asList().containsExactly("no labelled rows in this window yet");

        produce(SENT.subList(0, N / 2), true);
        await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> PageApi.summary(base, MODEL), m -> m != null && m.get("joined").asLong() == N / 2);
        doc = PageApi.get(base, "/api/v1/models/" + MODEL + "/matrix?last=1h");
        page = new PageDom(HeadlessChromium.require().dumpDom(base + "/#model=" + MODEL + "&window=1h&normalize=true"));
        List<List<String>> rows = page.byId("calibration").rows();
        assertThat(rows).hasSize(1 + CLASSES.size());
        JsonNode gap = doc.get("expectedLabelled").get("calibrationGap");
        for (List<String> row : rows.subList(1, rows.size())) {
            assertThat(row.get(3)).as(row.get(0)).isEqualTo(String.format(Locale.ROOT, "%.1f pt", 100 * gap.get(row.get(0)).asDouble()));
        }
        assertThat(doc.get("expectedLabelled").get("metrics").get("accuracy").asDouble())
                .as("an overconfident model promises more than it realizes").isGreaterThan(doc.get("metrics").get("accuracy").asDouble());
        Path png = Path.of(System.getProperty("confmon.expectedScreenshot", "target/expected-matrix.png"));
        HeadlessChromium.require().screenshot(base + "/#model=" + MODEL + "&window=1h&normalize=true", png, 1400, 1000);
    }

    private static void produce(List<Sent> sent, boolean labels) {
        Map<String, Object> config = kafka.clientConfig();
        config.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (Sent s : sent) {
                if (labels) {
                    producer.send(new ProducerRecord<>("expage-labels", s.id(), String.format(Locale.ROOT,
                            "{\"id\":\"%s\",\"ts\":%d,\"actual\":\"%s\"}", s.id(), s.ts() + 60_000, CLASSES.get(s.actual()))));
                } else {
                    String scores = ScoredPredictions.json(s.scores());
                    producer.send(new ProducerRecord<>("expage-predictions", s.id(), String.format(Locale.ROOT,
                            "{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"scores\":[%s]}", s.id(), MODEL, s.ts(), scores)));
                }
            }
            producer.flush();
        }
    }
}
