package io.confmon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.json.Json;
import io.confmon.metrics.MonitorInstruments;
import io.confmon.testing.TestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live page's change view, trends and label coverage in headless Chromium, on a model that
 * drifts: for three hours cat is predicted as dog in 1 row of 20, then for the last 14 minutes in
 * 2 rows of 5, at twice the rate. The change view must show cat -> dog risen by the points the API's
 * own matrices give, outline it (and nothing else) as the shipped alert rule would, and the trend
 * line of cat -> dog must end at its recent share. A screenshot lands in
 * {@code target/change-view.png} ({@code -Dconfmon.changeScreenshot=docs/change-view.png} refreshes
 * the README's copy).
 */
class ChangeViewBrowserTest {
    private static final String MODEL = "drifting";
    private static final List<String> CLASSES = List.of("cat", "dog", "fox", "owl");
    private static final int UNLABELLED = 40;

    private static TestBroker kafka;
    private static Monitor monitor;
    private static String base;

    @BeforeAll
    static void startMonitorWithDrift() throws Exception {
        HeadlessChromium.require();
        kafka = TestBroker.start();
        for (String topic : List.of("change-predictions", "change-labels", "change-dlq", "change-snapshots")) kafka.createTopic(topic, 2);
        int pairs = produceDrift();
        monitor = Monitor.start(Config.load(null, Map.of(), settings()), new MonitorInstruments());
        base = "http://127.0.0.1:" + monitor.httpPort();
        await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(ChangeViewBrowserTest::summary, m -> m != null && m.get("joined").asLong() == pairs
                        && m.get("pending").asLong() == UNLABELLED);
    }

    @AfterAll
    static void stop() throws Exception {
        if (monitor != null) monitor.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void changeViewOutlinesTheDriftingPairOnly() throws Exception {
        // The views end at the wall clock's current minute: when a minute ends between the API's
        // answers and the page's own fetches, they cover different buckets. Read again until the
        // API answers the same before and after the page.
        JsonNode mid = null;
        JsonNode baseline = null;
        PageDom page = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            mid = get("/api/v1/models/" + MODEL + "/matrix?last=20m");
            baseline = get("/api/v1/models/" + MODEL + "/matrix?last=24h");
            page = new PageDom(HeadlessChromium.require().dumpDom(base + "/"));
            if (mid.get("counts").equals(get("/api/v1/models/" + MODEL + "/matrix?last=20m").get("counts"))
                    && baseline.get("counts").equals(get("/api/v1/models/" + MODEL + "/matrix?last=24h").get("counts"))) {
                break;
            }
        }

        List<PageDom> cells = page.byId("change").elements("g", "change-cell");
        assertThat(cells).as("one cell per pair").hasSize(CLASSES.size() * CLASSES.size());
        List<String> flagged = new ArrayList<>();
        for (PageDom cell : cells) {
            Map<String, String> a = cell.attributes();
            String actual = a.get("data-actual");
            String predicted = a.get("data-predicted");
            double expected = share(mid, actual, predicted) - share(baseline, actual, predicted);
            assertThat(Double.parseDouble(a.get("data-rise"))).as("rise of %s -> %s", actual, predicted).isCloseTo(expected, within(1e-9));
            if (a.get("class").contains("flagged")) flagged.add(actual + " -> " + predicted);
        }
        assertThat(share(mid, "cat", "dog")).as("the recent share of cat -> dog").isBetween(0.3, 0.42);
        assertThat(flagged).as("what the alert rule would flag").containsExactly("cat -> dog");

        List<PageDom> trends = page.byId("trends").elements("tr", "trend");
        assertThat(trends).as("trend rows for the top pairs").isNotEmpty();
        Map<String, String> top = trends.get(0).attributes();
        assertThat(top.get("data-actual") + " -> " + top.get("data-predicted")).isEqualTo("cat -> dog");
        JsonNode values = Json.MAPPER.readTree(top.get("data-values"));
        assertThat(values).as("twelve 5-minute steps").hasSize(12);
        assertThat(values.get(0).asDouble()).as("an hour ago").isCloseTo(0.05, within(0.03));
        // The last step is the current, partly filled 5 minutes; the one before lies wholly in the drift.
        assertThat(values.get(values.size() - 2).asDouble()).as("the last whole step").isCloseTo(0.4, within(0.03));

        List<List<String>> coverage = page.byId("coverage").rows();
        assertThat(coverage).as("a header and one row per view").hasSize(4);
        assertThat(coverage.get(3).get(2)).as("24h coverage, as the API reports it")
                .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * baseline.get("labelCoverage").asDouble()));
    }

    /** The page's copy of the rule's tunables agrees with the shipped rule file. */
    @Test
    void pageUsesTheShippedRuleTunables() throws Exception {
        String rules = Files.readString(Path.of("grafana/prometheus/confmon-rules.yml"), StandardCharsets.UTF_8);
        String html = Files.readString(Path.of("src/main/resources/web/index.html"), StandardCharsets.UTF_8);
        Matcher rule = Pattern.compile("const RULE = \\{margin: ([0-9.]+), z: ([0-9.]+), minSupport: ([0-9.]+)\\}").matcher(html);
        assertThat(rule.find()).as("the page's RULE constant").isTrue();
        assertThat(Double.parseDouble(rule.group(1))).as("margin").isEqualTo(tunable(rules, "margin"));
        assertThat(Double.parseDouble(rule.group(2))).as("z").isEqualTo(tunable(rules, "z"));
        assertThat(Double.parseDouble(rule.group(3))).as("min_support").isEqualTo(tunable(rules, "min_support"));
        Matcher views = Pattern.compile("const CHANGE_VIEWS = \\[\"(\\w+)\", \"(\\w+)\", \"(\\w+)\"\\]").matcher(html);
        assertThat(views.find()).as("the page's CHANGE_VIEWS").isTrue();
        assertThat(rules).as("the short view's ratio").contains("confmon_confusion_ratio{window=\"" + views.group(1) + "\"}");
        assertThat(rules).as("the mid view's support").contains("confmon_class_support{window=\"" + views.group(2) + "\"}");
        assertThat(rules).as("the baseline").contains("confmon_confusion_ratio{window=\"" + views.group(3) + "\"}");
    }

    @Test
    void screenshot() throws Exception {
        Path png = Path.of(System.getProperty("confmon.changeScreenshot", "target/change-view.png"));
        HeadlessChromium.require().screenshot(base + "/#model=" + MODEL + "&window=1h&normalize=true", png, 1400, 1500);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    private static double tunable(String rules, String name) {
        Matcher m = Pattern.compile("record: confmon:config:" + name + "\\s+expr: vector\\(([0-9.]+)\\)").matcher(rules);
        assertThat(m.find()).as("confmon:config:%s in the rule file", name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static double share(JsonNode doc, String actual, String predicted) {
        List<String> classes = new ArrayList<>();
        doc.get("classes").forEach(c -> classes.add(c.asText()));
        JsonNode row = doc.get("counts").get(classes.indexOf(actual));
        double total = 0;
        for (JsonNode c : row) total += c.asDouble();
        return row.get(classes.indexOf(predicted)).asDouble() / total;
    }

    /**
     * Three hours of a stable model (10 rows per class a minute), then 14 minutes in which cat rows
     * double and 40 % of them are predicted as dog; labels 30 s after their prediction. Returns the pairs.
     */
    private static int produceDrift() {
        long now = System.currentTimeMillis();
        long driftAt = now - Duration.ofMinutes(14).toMillis();
        long start = now - Duration.ofHours(3).toMillis();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        int i = 0;
        int catRows = 0;
        int foxRows = 0;
        for (long minute = start; minute < now - 30_000; minute += 60_000) {
            boolean drifting = minute >= driftAt;
            for (int a = 0; a < CLASSES.size(); a++) {
                int rows = drifting && a == 0 ? 20 : 10;
                for (int r = 0; r < rows; r++, i++) {
                    int p = a;
                    if (a == 0 && (drifting ? r % 5 < 2 : catRows++ % 20 == 0)) p = 1;
                    else if (a == 2 && foxRows++ % 25 == 0) p = 3;
                    long ts = minute + r * (50_000L / rows);
                    String id = "c-" + i;
                    records.add(new ProducerRecord<>("change-predictions", id, String.format(
                            "{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"predicted\":\"%s\"}", id, MODEL, ts, CLASSES.get(p))));
                    records.add(new ProducerRecord<>("change-labels", id, String.format(
                            "{\"id\":\"%s\",\"ts\":%d,\"actual\":\"%s\"}", id, ts + 30_000, CLASSES.get(a))));
                }
            }
        }
        int pairs = i;
        for (int u = 0; u < UNLABELLED; u++, i++) {
            String id = "c-" + i;
            records.add(new ProducerRecord<>("change-predictions", id, String.format(
                    "{\"id\":\"%s\",\"model\":\"%s\",\"ts\":%d,\"predicted\":\"%s\"}", id, MODEL, now - 60_000 - u * 1_000L, CLASSES.get(u % 4))));
        }
        Map<String, Object> config = kafka.clientConfig();
        config.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
        return pairs;
    }

    private static Map<String, String> settings() throws IOException {
        return PageApi.settings(kafka, "change");
    }

    private static JsonNode summary() {
        return PageApi.summary(base, MODEL);
    }

    private static JsonNode get(String path) throws IOException {
        return PageApi.get(base, path);
    }
}
