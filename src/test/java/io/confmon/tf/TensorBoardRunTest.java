package io.confmon.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.json.Json;
import io.confmon.metrics.MonitorInstruments;
import io.confmon.testing.TestBroker;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tensorboard.logdir} for {@code confmon run}: a monitor on a real broker, with a 1 s
 * snapshot interval and the views 5m and 1h, writes {@code LOGDIR/fashion/5m} and
 * {@code LOGDIR/fashion/1h}; read back without TensorFlow, each holds one step per interval
 * (consecutive steps), the scalars of the matrix the sent pairs imply (equal to the API's metrics),
 * and the page's heatmap ({@code heatmap.png} of the same view, pixel for pixel).
 */
class TensorBoardRunTest {
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
    void writesOneStepPerSnapshotIntervalPerModelAndView() throws Exception {
        String prefix = "tbrun-";
        for (String t : List.of("predictions", "labels", "dlq", "snapshots")) kafka.createTopic(prefix + t, 1);
        long ts = System.currentTimeMillis() - 60_000;
        int n = 30;
        long[][] counts = new long[3][3];
        for (int i = 0; i < n; i++) {
            int actual = i % 3;
            int predicted = i % 5 == 0 ? (i + 1) % 3 : actual;
            counts[actual][predicted]++;
            kafka.produce(prefix + "predictions", "p" + i, "{\"id\":\"p" + i + "\",\"model\":\"fashion\",\"ts\":" + ts + ",\"predicted\":" + predicted + "}");
            kafka.produce(prefix + "labels", "p" + i, "{\"id\":\"p" + i + "\",\"model\":\"fashion\",\"ts\":" + (ts + 1) + ",\"actual\":" + actual + "}");
        }
        float accuracy = (float) ((counts[0][0] + counts[1][1] + counts[2][2]) / (double) n);

        Path logdir = dir.resolve("tb");
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap.servers", kafka.bootstrapServers());
        flags.put("application.id", prefix + "monitor");
        flags.put("http.host", "127.0.0.1");
        flags.put("http.port", "0");
        flags.put("state.dir", Files.createTempDirectory("confmon-tbrun").toString());
        for (String t : List.of("predictions", "labels", "dlq", "snapshots")) flags.put("topics." + t, prefix + t);
        flags.put("models.fashion.classes", "0,1,2");
        flags.put("flush.interval", "100ms");
        flags.put("streams.commit.interval.ms", "200");
        flags.put("snapshot.interval", "1s");
        flags.put("views", "5m,1h");
        flags.put("tensorboard.logdir", logdir.toString());
        HttpClient http = HttpClient.newHttpClient();
        try (Monitor monitor = Monitor.start(Config.load(null, Map.of(), flags), new MonitorInstruments())) {
            String base = "http://127.0.0.1:" + monitor.httpPort() + "/api/v1/models/fashion/";
            for (String view : List.of("5m", "1h")) {
                Path viewDir = logdir.resolve("fashion").resolve(view);
                // Two steps in a row that show every pair: one per interval, the matrix complete.
                List<EventFiles.Value>[] read = new List[1];
                await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    read[0] = EventFiles.read(onlyEventFile(viewDir));
                    return stepsWithAccuracy(read[0], accuracy).size() >= 2;
                });
                List<EventFiles.Value> values = read[0];
                TreeSet<Long> complete = stepsWithAccuracy(values, accuracy);
                long step = complete.last();
                assertThat(complete).as("consecutive steps, one per interval").contains(step - 1);
                assertThat(step).as("the interval's number since the epoch").isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));

                JsonNode doc = Json.MAPPER.readTree(get(http, base + "matrix?last=" + view).body());
                List<EventFiles.Value> atStep = values.stream().filter(v -> v.step() == step).toList();
                assertThat(scalar(atStep, "accuracy")).isEqualTo((float) doc.at("/metrics/accuracy").asDouble()).isEqualTo(accuracy);
                assertThat(scalar(atStep, "balanced_accuracy")).isEqualTo((float) doc.at("/metrics/balancedAccuracy").asDouble());
                assertThat(scalar(atStep, "macro_f1")).isEqualTo((float) doc.at("/metrics/macroF1").asDouble());
                for (int c = 0; c < 3; c++) {
                    float recall = (float) (counts[c][c] / (double) (counts[c][0] + counts[c][1] + counts[c][2]));
                    assertThat(scalar(atStep, "recall/" + c)).isEqualTo((float) doc.at("/metrics/perClass/" + c + "/recall").asDouble())
                            .isEqualTo(recall);
                }
                EventFiles.Value image = atStep.stream().filter(v -> v.png() != null).findFirst().orElseThrow();
                assertThat(image.tag()).isEqualTo("confusion_matrix/image");
                // The same picture as the page, pixel for pixel: both draw the view's bucket-aligned range, so they agree
                // unless a bucket (1 min) boundary falls between the step and the request; then the next step is compared.
                await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    BufferedImage page = ImageIO.read(new ByteArrayInputStream(png(http, base + "heatmap.png?last=" + view)));
                    List<EventFiles.Value> now = EventFiles.read(onlyEventFile(viewDir));
                    long latest = now.stream().filter(v -> v.png() != null).mapToLong(EventFiles.Value::step).max().orElseThrow();
                    BufferedImage stored = ImageIO.read(new ByteArrayInputStream(now.stream()
                            .filter(v -> v.png() != null && v.step() == latest).findFirst().orElseThrow().png()));
                    assertThat(new int[] {stored.getWidth(), stored.getHeight()}).containsExactly(page.getWidth(), page.getHeight());
                    assertThat(differingPixels(stored, page)).as("pixels of step %d that differ from the page's heatmap.png", latest).isZero();
                });
            }
        }
        try (Stream<Path> models = Files.list(logdir)) {
            assertThat(models.map(p -> p.getFileName().toString())).containsExactly("fashion");
        }
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(uri).isEqualTo(200);
        return r;
    }

    private static long differingPixels(BufferedImage a, BufferedImage b) {
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) if (a.getRGB(x, y) != b.getRGB(x, y)) n++;
        }
        return n;
    }

    private static byte[] png(HttpClient http, String uri) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(uri).isEqualTo(200);
        return r.body();
    }

    private static Path onlyEventFile(Path viewDir) throws Exception {
        try (Stream<Path> files = Files.list(viewDir)) {
            List<Path> events = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
            assertThat(events).hasSize(1);
            return events.get(0);
        }
    }

    private static TreeSet<Long> stepsWithAccuracy(List<EventFiles.Value> values, float accuracy) {
        TreeSet<Long> steps = new TreeSet<>();
        for (EventFiles.Value v : values) {
            if ("accuracy".equals(v.tag()) && v.simpleValue() != null && v.simpleValue() == accuracy) steps.add(v.step());
        }
        return steps;
    }

    private static float scalar(List<EventFiles.Value> values, String tag) {
        return values.stream().filter(v -> tag.equals(v.tag()) && v.simpleValue() != null).findFirst()
                .orElseThrow(() -> new AssertionError("no scalar " + tag + " in " + values.stream().map(EventFiles.Value::tag).toList()))
                .simpleValue();
    }
}
