package io.confmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code confmon run} in a child JVM, as it runs in production, so that it can be killed with
 * SIGKILL: no shutdown hook, no close, no last commit; its open transaction is left to the broker
 * and to the next incarnation (same state dir and application id) to abort.
 */
final class ChildMonitor {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final long startedNanos = System.nanoTime();

    private ChildMonitor(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code confmon run --http-port PORT ARGS...} with this JVM's class path; output goes to {@code log}. */
    static ChildMonitor start(int port, List<String> runArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC",
                // Kafka Streams at INFO in the child logs: task assignment, restoration, commits of a crash are in them.
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams=info",
                "-cp", System.getProperty("java.class.path"),
                "io.confmon.cli.Main", "run", "--http-port", Integer.toString(port)));
        command.addAll(runArgs);
        String joinDirect = System.getProperty(RunningMonitor.JOIN_DIRECT_PROPERTY);
        if (joinDirect != null) command.addAll(List.of("--set", "join.direct=" + joinDirect));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildMonitor(p, port, log);
    }

    /** A port free now; the child binds it again after each restart (the JDK's server sockets reuse addresses). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux), then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("pid " + pid() + " survived SIGKILL");
    }

    /** SIGTERM, for the end of the test: {@code run} stops cleanly on it. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
    }

    /** The JSON body of a 200 answer, or empty while the monitor is starting, restoring or unreachable. */
    Optional<JsonNode> get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(Json.MAPPER.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The model's row of {@code /api/v1/models}, if the monitor answers and knows the model. */
    Optional<JsonNode> model(String name) {
        return get("/api/v1/models").flatMap(list -> {
            for (JsonNode m : list) {
                if (m.get("model").asText().equals(name)) return Optional.of(m);
            }
            return Optional.empty();
        });
    }

    /** The last lines of the child's output, for a failure message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
