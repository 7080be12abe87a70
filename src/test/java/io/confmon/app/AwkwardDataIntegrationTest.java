package io.confmon.app;

import static io.confmon.app.MonitorReads.cells;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.json.Json;
import io.confmon.testing.AwkwardCorpus;
import io.confmon.testing.AwkwardCorpus.Pair;
import io.confmon.testing.OutsideTools;
import io.confmon.testing.TestBroker;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The awkward corpus ({@link AwkwardCorpus}: delimiters, quotes, markup, NUL, non-ASCII, emoji,
 * names at the size limits) through the monitor on a real broker and its HTTP API: every model's
 * matrix and sliced matrices equal the events', heatmaps answer (the SVG is well-formed XML), the
 * scrape passes {@code promtool check metrics}, bad slice queries get a 400 with a JSON error, and
 * nothing answers 500.
 */
class AwkwardDataIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long T0 = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L - 30 * 60_000L;
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
    void everyNameAndSliceValueIsServedExported_andDrawnAsItIs() throws Exception {
        String prefix = "awk-";
        for (String t : List.of("predictions", "labels", "dlq", "snapshots")) kafka.createTopic(prefix + t, t.equals("labels") ? 2 : 1);
        List<Pair> pairs = AwkwardCorpus.pairs(8, 11);
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            long ts = T0 + (i % 20) * 60_000L;
            kafka.produce(prefix + "predictions", null, AwkwardCorpus.predictionJson(p, ts));
            kafka.produce(prefix + "labels", null, AwkwardCorpus.labelJson(p, ts + 1_000));
        }
        Map<String, String> flags = RunningMonitor.settings(kafka.bootstrapServers(), "awk-live", prefix);
        flags.put("slice.keys", AwkwardCorpus.REGION + "," + AwkwardCorpus.DEVICE);
        List<String> answered500 = new ArrayList<>();
        try (RunningMonitor live = RunningMonitor.start(flags)) {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).until(() -> joinedOfEveryModel(live) == 8);

            for (String model : AwkwardCorpus.models()) {
                String base = "/api/v1/models/" + pathSegment(model);
                JsonNode doc = json(live, base + "/matrix", answered500);
                assertThat(doc.get("model").asText()).isEqualTo(model);
                assertThat(cells(doc)).as("matrix of %s", model).isEqualTo(AwkwardCorpus.cells(pairs, model, Map.of()));

                Set<String> regions = new LinkedHashSet<>();
                pairs.stream().filter(p -> p.model().equals(model)).forEach(p -> regions.add(p.slice().get(AwkwardCorpus.REGION)));
                regions.add("never seen, a:b=c");
                for (String region : regions) {
                    Map<String, String> filter = Map.of(AwkwardCorpus.REGION, region);
                    JsonNode sliced = json(live, base + "/matrix?slice=" + query(AwkwardCorpus.REGION + ":" + region), answered500);
                    assertThat(cells(sliced)).as("matrix of %s, region %s", model, region)
                            .isEqualTo(AwkwardCorpus.cells(pairs, model, filter));
                }
                HttpResponse<byte[]> png = get(live, base + "/heatmap.png", answered500);
                assertThat(png.statusCode()).isEqualTo(200);
                assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
                String region = pairs.stream().filter(p -> p.model().equals(model)).findFirst().orElseThrow().slice().get(AwkwardCorpus.REGION);
                for (String q : List.of("", "?slice=" + query(AwkwardCorpus.REGION + ":" + region))) {
                    HttpResponse<byte[]> svg = get(live, base + "/heatmap.svg" + q, answered500);
                    assertThat(svg.statusCode()).isEqualTo(200);
                    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.body()));
                }
            }

            String any = "/api/v1/models/" + pathSegment(AwkwardCorpus.models().get(0)) + "/matrix";
            for (String bad : List.of("slice=nocolon", "slice=" + query(":value"), "slice=region:a&slice=region:b", "slice=")) {
                HttpResponse<byte[]> r = get(live, any + "?" + bad, answered500);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).as(bad).contains("slice");
            }

            HttpResponse<byte[]> page = get(live, "/", answered500);
            assertThat(page.statusCode()).isEqualTo(200);
            // The counters are exported on the next metrics refresh (metrics.refresh, 5 s), which
            // may come after the API has counted every pair: poll the scrape, as Prometheus would.
            String[] scrape = {""};
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<byte[]> metrics = get(live, "/metrics", answered500);
                scrape[0] = new String(metrics.body(), StandardCharsets.UTF_8);
                return metrics.statusCode() == 200 && scrape[0].contains("confmon_joined_total{model=\"m a,b\"} 8.0");
            });
            promtoolCheck(scrape[0]);
        }
        assertThat(answered500).as("requests answered 500").isEmpty();
    }

    private static long joinedOfEveryModel(RunningMonitor live) {
        long least = Long.MAX_VALUE;
        for (String model : AwkwardCorpus.models()) {
            JsonNode m = live.model(model);
            least = Math.min(least, m == null ? 0 : m.get("joined").asLong());
        }
        return least;
    }

    private static void promtoolCheck(String scrape) throws Exception {
        Path promtool = OutsideTools.require("promtool", "apt-get install prometheus");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics said:\n%s", report).isZero();
    }

    private static JsonNode json(RunningMonitor live, String path, List<String> answered500) throws Exception {
        HttpResponse<byte[]> r = get(live, path, answered500);
        assertThat(r.statusCode()).as("%s answered %s", path, new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static HttpResponse<byte[]> get(RunningMonitor live, String path, List<String> answered500) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(live.base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 500) answered500.add(path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return r;
    }

    /** A path segment, percent-encoded (URLEncoder's form encoding with '+' for space made path-safe). */
    private static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
