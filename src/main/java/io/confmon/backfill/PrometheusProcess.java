package io.confmon.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus server started for a backfill over a TSDB folder of backfilled blocks: no scrapes,
 * no rules, on a free loopback port, with a retention long enough to keep a month-old past (the
 * default 15 days would delete it on start). Queried over its HTTP API; stopped with SIGTERM.
 */
public final class PrometheusProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final String base;

    private PrometheusProcess(Process process, Path log, String base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    public static PrometheusProcess start(Path binary, Path dataDir, Path workDir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(workDir);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  evaluation_interval: 1m\n");
        Path log = workDir.resolve("prometheus.log");
        Process p = new ProcessBuilder(List.of(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dataDir,
                "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:" + port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        PrometheusProcess server = new PrometheusProcess(p, log, "http://127.0.0.1:" + port);
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String url() {
        return base;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("prometheus exited with " + process.exitValue() + ":\n" + logTail());
            try {
                if (get("/-/ready").statusCode() == 200) return;
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("prometheus not ready within " + STARTUP + ":\n" + logTail());
    }

    /** An instant query at {@code atMs}: the {@code result} array. */
    public JsonNode query(String promql, long atMs) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + encode(promql) + "&time=" + OpenMetricsWriter.seconds(atMs)).path("result");
    }

    /** A range query: the {@code result} array of series, each with {@code metric} and {@code values} [[t, "v"], ...]. */
    public JsonNode queryRange(String promql, long startMs, long endMs, long stepMs) throws IOException, InterruptedException {
        return api("/api/v1/query_range?query=" + encode(promql) + "&start=" + OpenMetricsWriter.seconds(startMs)
                + "&end=" + OpenMetricsWriter.seconds(endMs) + "&step=" + OpenMetricsWriter.seconds(stepMs)).path("result");
    }

    private JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IOException(pathAndQuery + " answered " + r.statusCode() + " with no JSON: " + r.body());
        }
        if (r.statusCode() != 200 || !body.path("status").asText().equals("success")) {
            throw new IOException("prometheus: " + body.path("errorType").asText("http " + r.statusCode()) + ": " + body.path("error").asText(r.body()));
        }
        return body.path("data");
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String logTail() {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
