package io.confmon.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
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
 * A real Prometheus server in a child process, on loopback, with its own storage under
 * {@code dir}: scrapes one target every second and evaluates one rule file every second. Talks to
 * it through its HTTP API; {@link #close()} stops it with SIGTERM (a clean TSDB shutdown), killing
 * it only if it does not stop in time.
 */
final class PrometheusServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN = Duration.ofSeconds(20);

    private final Process process;
    private final Path log;
    final String base;

    private PrometheusServer(Process process, Path log, String base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /**
     * @param target    {@code host:port} serving {@code /metrics}
     * @param rulesFile the rule file to load
     */
    static PrometheusServer start(Path binary, Path dir, String target, Path rulesFile) throws IOException, InterruptedException {
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - "%s"
                scrape_configs:
                  - job_name: confmon
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["%s"]
                """.formatted(rulesFile.toAbsolutePath(), target));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(List.of(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        PrometheusServer server = new PrometheusServer(process, log, "http://127.0.0.1:" + port);
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logTail(40));
            try {
                HttpResponse<String> r = get("/-/ready");
                if (r.statusCode() == 200) return;
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready within " + STARTUP + ":\n" + logTail(40));
    }

    /** An instant query now: {@code data} of the answer ({@code resultType}, {@code result}); an error answer throws. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + encode(promql));
    }

    /** {@code data.alerts} of {@code /api/v1/alerts}: every pending and firing alert. */
    JsonNode alerts() throws IOException, InterruptedException {
        return api("/api/v1/alerts").path("alerts");
    }

    /** {@code data.groups} of {@code /api/v1/rules}: each rule with its health and last error. */
    JsonNode ruleGroups() throws IOException, InterruptedException {
        return api("/api/v1/rules").path("groups");
    }

    /** {@code /api/v1/label/<label>/values}, restricted to series matching {@code match} when given. */
    JsonNode labelValues(String label, String match) throws IOException, InterruptedException {
        return api("/api/v1/label/" + label + "/values" + (match == null ? "" : "?match[]=" + encode(match)));
    }

    /** {@code data.activeTargets} of {@code /api/v1/targets}. */
    JsonNode targets() throws IOException, InterruptedException {
        return api("/api/v1/targets").path("activeTargets");
    }

    private JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery);
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException(pathAndQuery + " answered " + r.statusCode() + " with no JSON: " + r.body());
        }
        if (r.statusCode() != 200 || !body.path("status").asText().equals("success")) {
            throw new PrometheusError(body.path("errorType").asText("http " + r.statusCode()), body.path("error").asText(r.body()));
        }
        return body.path("data");
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The last lines of Prometheus' log. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Log lines at level warn or error, for the report. */
    List<String> problemsLogged() throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("level=warn") || l.contains("level=error"))
                .filter(l -> !l.contains("Received SIGTERM")) // how close() stops it
                .toList();
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy(); // SIGTERM: Prometheus closes its TSDB and exits 0
        if (!process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.println("prometheus did not stop within " + SHUTDOWN + " of SIGTERM; killing it");
            process.destroyForcibly().waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    int exitValue() {
        return process.exitValue();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Prometheus answered with {@code status: error}. */
    static final class PrometheusError extends IOException {
        PrometheusError(String type, String message) {
            super(type + ": " + message);
        }
    }
}
