package io.confmon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.metrics.MonitorInstruments;
import io.confmon.testing.TestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated requests to a running monitor that holds a model: random bytes
 * percent-encoded in the path and the query, bad and huge durations, numbers past a long, dates
 * past any calendar, unknown and repeated parameters, {@code slice} without a colon, path
 * traversal, unicode, empty values, other methods. None may answer 500; every error is a JSON
 * {@code {"error": ...}} with 400, 404 or 405. (Requests whose target is not a URI at all, such as
 * a bare {@code %zz}, or has no path, such as {@code //x}, never reach confmon: the JDK's server
 * answers them itself, 400 and 404 in plain text.)
 */
class HttpFuzzTest {
    private static final int REQUESTS = 3000;
    private static final long SEED = Long.getLong("confmon.fuzzSeed", 20261201L);
    private static final String MODEL = "fuzz";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestBroker kafka;
    private static Monitor monitor;
    private static String base;

    @BeforeAll
    static void startMonitorWithAModel() throws Exception {
        kafka = TestBroker.start();
        for (String topic : List.of("fuzz-predictions", "fuzz-labels")) kafka.createTopic(topic, 2);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap.servers", kafka.bootstrapServers());
        flags.put("application.id", "fuzz-test");
        flags.put("http.host", "127.0.0.1");
        flags.put("http.port", "0");
        flags.put("state.dir", Files.createTempDirectory("confmon-fuzz").toString());
        flags.put("topics.predictions", "fuzz-predictions");
        flags.put("topics.labels", "fuzz-labels");
        flags.put("topics.dlq", "fuzz-dlq");
        flags.put("topics.snapshots", "fuzz-snapshots");
        flags.put("slice.keys", "region");
        flags.put("flush.interval", "100ms");
        Config config = Config.load(null, Map.of(), flags);
        io.confmon.app.TopicSetup.createOutputs(config);
        long ts = System.currentTimeMillis();
        String[] classes = {"cat", "dog", "owl"};
        for (int i = 0; i < 30; i++) {
            String id = "r" + i;
            kafka.produce("fuzz-predictions", id, "{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"ts\":" + (ts - i * 1000)
                    + ",\"predicted\":\"" + classes[i % 3] + "\",\"slice\":{\"region\":\"" + (i % 2 == 0 ? "eu" : "us") + "\"}}");
            kafka.produce("fuzz-labels", id, "{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"ts\":" + (ts - i * 1000 + 5)
                    + ",\"actual\":\"" + classes[(i / 3) % 3] + "\"}");
        }
        monitor = Monitor.start(config, new MonitorInstruments());
        base = "http://127.0.0.1:" + monitor.httpPort();
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300))
                .until(() -> get("/api/v1/models/" + MODEL + "/matrix"), r -> r.statusCode() == 200 && r.body().contains("\"total\":30.0"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (monitor != null) monitor.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void noGeneratedRequestAnswers500AndEveryErrorIsJson() throws Exception {
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String target = path(random) + query(random);
            String method = random.nextInt(20) == 0 ? pick(random, "HEAD", "POST", "PUT", "DELETE", "OPTIONS") : "GET";
            HttpResponse<String> r = send(method, target);
            statuses.merge(r.statusCode(), 1, Integer::sum);
            String problem = problem(method, r);
            if (problem != null && wrong.size() < 20) wrong.add(method + " " + target + " -> " + r.statusCode() + ": " + problem);
        }
        System.out.println("HttpFuzzTest: " + REQUESTS + " requests (seed " + SEED + "), statuses " + statuses);
        assertThat(wrong).as("requests answered wrongly (first 20), statuses " + statuses).isEmpty();
        assertThat(statuses).as("the generator reaches real answers and each kind of error")
                .containsKeys(200, 400, 404, 405).doesNotContainKey(500);
    }

    /** Null when the answer is one the contract allows; else what is wrong with it. */
    private static String problem(String method, HttpResponse<String> r) {
        int status = r.statusCode();
        if (status == 200) return null;
        if (status != 400 && status != 404 && status != 405) return "status " + status + " " + r.body();
        if (method.equals("HEAD")) return null; // no body to check
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) return "not JSON: " + r.headers();
        try {
            JsonNode body = JSON.readTree(r.body());
            if (body == null || !body.path("error").isTextual() || body.get("error").asText().isBlank()) return "no error text: " + r.body();
        } catch (Exception e) {
            return "unreadable body " + r.body();
        }
        return null;
    }

    private static String path(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> pick(random, "/", "/index.html", "/metrics", "/readyz", "/healthz", "/api/v1/models", "/api/v1/models/", "/api/v1/page");
            // Never "//x" with nothing after x: the JDK's server reads x as an authority, finds no path and
            // answers 404 itself, before any handler (the one non-JSON answer; not confmon's to make).
            case 1 -> "/" + "%41" + encodedBytes(random) + (random.nextBoolean() ? "/" + encodedBytes(random) : "");
            case 2 -> pick(random, "/../../etc/passwd", "/api/v1/models/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                    "/api/v1/models/%2e%2e%2f%2e%2e%2fetc%2fpasswd/matrix", "/api/v1/models//matrix", "/api/v1/models/" + MODEL,
                    "/api/v1/models/" + MODEL + "/", "/api/v1/models/" + MODEL + "/matrix/extra", "/api/v1/modelsX",
                    "/api/v2/models", "//api/v1/models", "/index.html/..", "/web/index.html", "/api/v1/page/", "/api/v1/pages");
            default -> "/api/v1/models/" + model(random) + "/" + resource(random);
        };
    }

    private static String model(Random random) {
        return switch (random.nextInt(6)) {
            case 0, 1, 2 -> MODEL;
            case 3 -> encodedBytes(random);
            case 4 -> encode(pick(random, "ünïcødé", "模型", "🙂", "a b", "a/b", "a+b", "%", "a\u0000b", "..", ".", "x".repeat(300)));
            default -> encode(MODEL + pick(random, ",", "=", "|", ":", "\"", "<b>", "\u0000"));
        };
    }

    private static String resource(Random random) {
        return random.nextInt(8) == 0 ? encodedBytes(random) : pick(random, "matrix", "matrix", "matrix", "heatmap.svg", "heatmap.png");
    }

    private static String query(Random random) {
        int n = random.nextInt(5);
        if (n == 0) return random.nextBoolean() ? "" : "?";
        StringBuilder q = new StringBuilder("?");
        for (int i = 0; i < n; i++) {
            if (i > 0) q.append(random.nextInt(10) == 0 ? "&&" : "&");
            String key = random.nextInt(10) == 0 ? encodedBytes(random) : pick(random, "last", "from", "to", "slice", "normalize", "last", "slice");
            if (random.nextInt(15) == 0) {
                q.append(key); // a key without '='
                continue;
            }
            q.append(key).append('=').append(value(key, random));
        }
        return q.toString();
    }

    private static String value(String key, Random random) {
        if (random.nextInt(6) == 0) return encodedBytes(random);
        return encode(switch (key) {
            case "last" -> pick(random, "5m", "1h", "24h", "0s", "-1h", "1y", "5", "m", "", "999999999999d", "9999999999999ms",
                    "1000000000000d", "2.5h", " 5m", "5 m", "5mm", "٥m", Long.toString(random.nextLong()) + "ms");
            case "from", "to" -> pick(random, "0", "-1", "1763800000000", "9223372036854775807", "-9223372036854775808",
                    "9999999999999999999", "99999999999999999999999", "1e309", "NaN", "", "2026-11-24T10:00:00Z",
                    "2026-11-24T10:00:00+01:00", "+1000000000-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "2026-13-45T99:99:99Z",
                    "2026-11-24", "now", Long.toString(random.nextLong()));
            case "slice" -> pick(random, "region:eu", "region:us", "region:", "region", ":eu", ":", "", "region:eu:west",
                    "nokey:x", "region:eu,west", "region=eu", "région:ü", "region:\u0000", "x".repeat(1000) + ":y");
            case "normalize" -> pick(random, "true", "pred", "all", "none", "false", "TRUE", "", "yes");
            default -> "x";
        });
    }

    /** 0 to 40 random bytes, every one percent-encoded: anything at all, still a valid URI. */
    private static String encodedBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(41)];
        random.nextBytes(bytes);
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) s.append('%').append(String.format("%02X", b & 0xff));
        return s.toString();
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_') out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static HttpResponse<String> get(String target) throws Exception {
        return send("GET", target);
    }

    private static HttpResponse<String> send(String method, String target) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
