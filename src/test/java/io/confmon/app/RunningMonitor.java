package io.confmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** A monitor started in the test JVM against a test broker, on a free HTTP port, with its own state dir. */
final class RunningMonitor implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Monitor monitor;
    final String base;

    private RunningMonitor(Monitor monitor) {
        this.monitor = monitor;
        this.base = "http://127.0.0.1:" + monitor.httpPort();
    }

    /** {@code -Dconfmon.test.joinDirect=V} runs every monitor a test starts with {@code join.direct=V} (else its default, auto). */
    static final String JOIN_DIRECT_PROPERTY = "confmon.test.joinDirect";

    static Map<String, String> settings(String bootstrap, String applicationId, String prefix) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap.servers", bootstrap);
        flags.put("application.id", applicationId);
        flags.put("http.host", "127.0.0.1");
        flags.put("http.port", "0");
        flags.put("state.dir", Files.createTempDirectory("confmon-it").toString());
        flags.put("topics.predictions", prefix + "predictions");
        flags.put("topics.labels", prefix + "labels");
        flags.put("topics.dlq", prefix + "dlq");
        flags.put("topics.snapshots", prefix + "snapshots");
        flags.put("flush.interval", "100ms");
        flags.put("snapshot.interval", "1s");
        flags.put("streams.commit.interval.ms", "200");
        String joinDirect = System.getProperty(JOIN_DIRECT_PROPERTY);
        if (joinDirect != null) flags.put("join.direct", joinDirect);
        return flags;
    }

    static RunningMonitor start(Map<String, String> flags) throws IOException {
        Config config = Config.load(null, Map.of(), flags);
        return new RunningMonitor(Monitor.start(config, new io.confmon.metrics.MonitorInstruments()));
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    /** The JSON answer, or null while the API answers anything but 200 (starting, rebalancing). */
    JsonNode getOrNull(String path) {
        try {
            return get(path);
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    int status(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The model's row of /api/v1/models, or null while it is not there yet. */
    JsonNode model(String name) {
        try {
            for (JsonNode m : get("/api/v1/models")) {
                if (m.get("model").asText().equals(name)) return m;
            }
        } catch (IOException | InterruptedException e) {
            return null;
        }
        return null;
    }

    @Override
    public void close() {
        monitor.close();
    }

}
