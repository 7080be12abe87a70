package io.confmon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.metrics.MonitorInstruments;
import io.confmon.testing.TestBroker;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live page in a real browser: headless Chromium loads {@code /} from a monitor that joined a
 * few hundred events on a real broker, runs the page's JavaScript, and the test reads what a user
 * would see: the model in the selector, the heatmap inlined with one group per cell, the accuracy
 * the API reports (as the page formats it), the most confused pair first. A screenshot of the
 * same page lands in {@code target/live-page.png}; {@code -Dconfmon.pageScreenshot=docs/live-page.png}
 * refreshes the README's copy.
 */
class LivePageBrowserTest {
    private static final String MODEL = "pets";
    private static final List<String> CLASSES = List.of("cat", "dog", "fox", "owl");
    /** Rows actual, columns predicted: cat -> dog is the one largest confusion. */
    private static final long[][] COUNTS = {
        {70, 18, 4, 0},
        {12, 75, 3, 2},
        {6, 2, 60, 8},
        {0, 1, 5, 50},
    };
    private static final int UNLABELLED = 24;

    private static TestBroker kafka;
    private static Monitor monitor;
    private static String base;

    @BeforeAll
    static void startMonitorWithData() throws Exception {
        HeadlessChromium.require(); // skip before starting a broker when there is no browser
        kafka = TestBroker.start();
        for (String topic : List.of("page-predictions", "page-labels", "page-dlq", "page-snapshots")) kafka.createTopic(topic, 2);
        long joined = total();
        produceEvents();
        monitor = Monitor.start(Config.load(null, Map.of(), settings()), new MonitorInstruments());
        base = "http://127.0.0.1:" + monitor.httpPort();
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300))
                .until(LivePageBrowserTest::summary, m -> m != null && m.get("joined").asLong() == joined
                        && m.get("pending").asLong() == UNLABELLED && m.get("deadLetters").asLong() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (monitor != null) monitor.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void showsTheModelHeatmapMetricsAndTopConfusion() throws Exception {
        // The page's default view is the last hour, normalized by the actual class.
        JsonNode doc = get("/api/v1/models/" + MODEL + "/matrix?last=1h&normalize=true");
        assertThat(doc.get("classes")).extracting(JsonNode::asText).containsExactlyElementsOf(CLASSES);

        PageDom page = new PageDom(HeadlessChromium.require().dumpDom(base + "/"));

        assertThat(page.byId("model").elements("option").stream().map(PageDom::text))
                .as("the model selector").containsExactly(MODEL);

        PageDom heatmap = page.byId("heatmap");
        assertThat(heatmap.html()).as("the heatmap SVG is inlined").contains("<svg");
        List<Map<String, String>> cells = heatmap.elements("g", "cell").stream().map(PageDom::attributes).toList();
        Set<List<String>> pairs = new HashSet<>();
        for (Map<String, String> cell : cells) pairs.add(List.of(cell.get("data-actual"), cell.get("data-predicted")));
        assertThat(cells).as("one group per cell").hasSize(CLASSES.size() * CLASSES.size());
        assertThat(pairs).hasSize(CLASSES.size() * CLASSES.size());
        for (Map<String, String> cell : cells) {
            int a = CLASSES.indexOf(cell.get("data-actual"));
            int p = CLASSES.indexOf(cell.get("data-predicted"));
            assertThat(Double.parseDouble(cell.get("data-count"))).as("cell %s", cell).isEqualTo((double) COUNTS[a][p]);
        }

        Map<String, String> kpis = new LinkedHashMap<>();
        for (PageDom kpi : page.byId("kpis").elements("div", "kpi")) kpis.put(kpi.textOf("span"), kpi.textOf("b"));
        double accuracy = doc.at("/metrics/accuracy").asDouble();
        assertThat(accuracy).isCloseTo((double) (70 + 75 + 60 + 50) / total(), within(1e-12));
        assertThat(kpis).as("the metrics panel").containsEntry("accuracy", toFixed(accuracy, 3))
                .containsEntry("macro F1", toFixed(doc.at("/metrics/macroF1").asDouble(), 3))
                .containsEntry("labelled pairs", Long.toString(total()));

        JsonNode top = doc.get("topConfusions").get(0);
        assertThat(top.get("actual").asText() + " -> " + top.get("predicted").asText()).isEqualTo("cat -> dog");
        List<List<String>> rows = page.byId("top").rows();
        assertThat(rows).as("header and the confused pairs").hasSizeGreaterThan(1);
        assertThat(rows.get(1)).as("the most confused pair first")
                .containsExactly("cat → dog", "18", toFixed(100 * top.get("ratio").asDouble(), 1) + "%");

        JsonNode summary = summary();
        Map<String, String> pipeline = new LinkedHashMap<>();
        for (List<String> row : page.byId("pipeline").rows()) pipeline.put(row.get(0), row.get(1));
        assertThat(pipeline).as("the pipeline panel")
                .containsEntry("joined", Long.toString(total()))
                .containsEntry("pending (no label yet)", Long.toString(UNLABELLED))
                .containsEntry("dead letters", summary.get("deadLetters").asText());

        assertThat(page.byId("status").text()).startsWith("updated");
    }

    @Test
    void screenshot() throws Exception {
        Path png = Path.of(System.getProperty("confmon.pageScreenshot", "target/live-page.png"));
        HeadlessChromium.require().screenshot(base + "/", png, 1400, 1000);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).hasSizeGreaterThan(10_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    /** What JavaScript's {@code Number.prototype.toFixed} prints: the exact binary value rounded half up. */
    private static String toFixed(double value, int digits) {
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    private static long total() {
        long n = 0;
        for (long[] row : COUNTS) for (long c : row) n += c;
        return n;
    }

    /** Predictions over the last 20 minutes (so the page's default view, the last hour, holds them), labels 30 s later, shuffled. */
    private static void produceEvents() {
        long start = System.currentTimeMillis() - Duration.ofMinutes(20).toMillis();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        int i = 0;
        for (int a = 0; a < CLASSES.size(); a++) {
            for (int p = 0; p < CLASSES.size(); p++) {
                for (long k = 0; k < COUNTS[a][p]; k++, i++) {
                    long ts = start + i * 3_000L;
                    String id = "req-" + i;
                    records.add(new ProducerRecord<>("page-predictions", id, String.format(
                            "{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"predicted\":\"%s\"}", id, MODEL, ts, CLASSES.get(p))));
                    records.add(new ProducerRecord<>("page-labels", id, String.format(
                            "{\"id\":\"%s\",\"ts\":%d,\"actual\":\"%s\"}", id, ts + 30_000, CLASSES.get(a))));
                }
            }
        }
        for (int u = 0; u < UNLABELLED; u++, i++) {
            String id = "req-" + i;
            records.add(new ProducerRecord<>("page-predictions", id, String.format(
                    "{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"predicted\":\"%s\"}", id, MODEL, start + i * 3_000L, CLASSES.get(u % 4))));
        }
        Collections.shuffle(records, new Random(7));
        Map<String, Object> config = kafka.clientConfig();
        config.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            // Rejected (negative weight) and counted for the model: the pipeline panel shows a dead letter.
            producer.send(new ProducerRecord<>("page-predictions", String.format(
                    "{\"id\":\"bad\",\"model\":\"%s\",\"ts\":%d,\"predicted\":\"cat\",\"weight\":-1}", MODEL, start)));
            producer.flush();
        }
    }

    private static Map<String, String> settings() throws IOException {
        return PageApi.settings(kafka, "page");
    }

    private static JsonNode summary() {
        return PageApi.summary(base, MODEL);
    }

    private static JsonNode get(String path) throws IOException {
        return PageApi.get(base, path);
    }
}
