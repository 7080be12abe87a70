package io.confmon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.http.HttpApi;
import io.confmon.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** {@code confmon run} in a process of its own, so that it can be SIGKILLed: no close, no last commit, as a crash leaves it. */
final class MonitorProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String STALL_WARNINGS = "confmon_rocksdb_write_stall_warnings_total";

    private final Process process;
    private final int port;
    private final Path log;

    private MonitorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** {@code confmon run --http-port PORT ARGS...}; its output goes to {@code log}. */
    static MonitorProcess start(int port, List<String> runArgs, Path log) throws IOException {
        return start(List.of(), port, runArgs, log);
    }

    /** As {@link #start}, the process bound to the CPUs {@code cpus} (a {@code taskset -c} list, e.g. {@code 1}). */
    static MonitorProcess startPinned(String cpus, int port, List<String> runArgs, Path log) throws IOException {
        return start(List.of(CpuPinning.TASKSET, "-c", cpus), port, runArgs, log);
    }

    /** @param launcher what runs the JVM's command line (taskset), or nothing */
    private static MonitorProcess start(List<String> launcher, int port, List<String> runArgs, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--http-port", Integer.toString(port)));
        args.addAll(runArgs);
        List<String> command = new ArrayList<>(launcher);
        command.addAll(ChildJvm.command("io.confmon.cli.Main", args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new MonitorProcess(p, port, log);
    }

    /**
     * The arguments of a benchmark's {@code confmon run}: its own application id, state dir and
     * topics {@code <topicPrefix>predictions} and so on, created if missing, HTTP on the loopback,
     * then {@code settings} in their order.
     */
    static List<String> runArgs(String bootstrap, String applicationId, Path stateDir, String topicPrefix, Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--application-id", applicationId,
                "--state-dir", stateDir.toString(), "--create-topics"));
        for (String key : List.of("predictions", "labels", "dlq", "snapshots")) args.addAll(List.of("--set", "topics." + key + "=" + topicPrefix + key));
        args.addAll(List.of("--set", "http.host=127.0.0.1"));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The JVM's process id (taskset runs it in its own process). */
    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** Fails, with the end of its log, if the process has exited. */
    void failIfExited(String label) {
        if (!alive()) throw new IllegalStateException(label + ": confmon run exited:\n" + ChildJvm.tail(log, 30));
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL");
    }

    void stop() throws InterruptedException {
        ChildJvm.stop(process, 60);
    }

    /** {@code /readyz} answers 200: Streams RUNNING and nothing restoring. */
    boolean ready() {
        return status("/readyz") == 200;
    }

    /** The {@code state} that {@code /readyz} reports (REBALANCING, RESTORING, RUNNING, ...), or null while nothing answers. */
    String readinessState() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode state = Json.MAPPER.readTree(r.body()).get("state");
            return state == null ? "HTTP " + r.statusCode() : state.asText();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The model's {@code pending} count as {@code /api/v1/models} answers it, empty while it answers anything but 200 or lacks the model. */
    OptionalLong pending(String model) {
        JsonNode m = model(model, false);
        return m == null ? OptionalLong.empty() : OptionalLong.of(m.get("pending").asLong());
    }

    /** The model's {@code joined} count as {@code /api/v1/models} answers it, empty while it answers anything but 200 or lacks the model. */
    OptionalLong joined(String model) {
        JsonNode m = model(model, false);
        return m == null ? OptionalLong.empty() : OptionalLong.of(m.get("joined").asLong());
    }

    /**
     * RocksDB's warnings so far that it stopped or slowed a store's writes, every store together,
     * as {@code /metrics} counts them ({@code confmon_rocksdb_write_stall_warnings_total}).
     */
    long rocksDbWriteStallWarnings() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET /metrics answered " + r.statusCode());
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith(STALL_WARNINGS + "{")) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return (long) sum;
    }

    /** CPU time the process has used so far, all its threads. */
    Duration cpu() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for pid " + process.pid()));
    }

    /** Whether this instance holds the model itself: its own list, as it answers a request another instance forwarded. */
    boolean holdsLocally(String model) {
        return model(model, true) != null;
    }

    /** The model's entry in {@code /api/v1/models} (only this instance's own models when {@code forwarded}); null for none or no 200. */
    private JsonNode model(String model, boolean forwarded) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/models")).timeout(Duration.ofSeconds(10));
        if (forwarded) request.header(HttpApi.FORWARDED_HEADER, "1");
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return null;
            for (JsonNode m : Json.MAPPER.readTree(r.body())) {
                if (m.get("model").asText().equals(model)) return m;
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
