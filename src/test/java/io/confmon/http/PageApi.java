package io.confmon.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.json.Json;
import io.confmon.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the browser tests share: a monitor's settings on the test broker, and its API read as JSON. */
final class PageApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PageApi() {}

    /** Topics {@code <prefix>-predictions} etc., a free HTTP port, quick flushes and commits so pages see data soon. */
    static Map<String, String> settings(TestBroker kafka, String prefix) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap.servers", kafka.bootstrapServers());
        flags.put("application.id", prefix + "-test");
        flags.put("http.host", "127.0.0.1");
        flags.put("http.port", "0");
        flags.put("state.dir", Files.createTempDirectory("confmon-" + prefix).toString());
        flags.put("topics.predictions", prefix + "-predictions");
        flags.put("topics.labels", prefix + "-labels");
        flags.put("topics.dlq", prefix + "-dlq");
        flags.put("topics.snapshots", prefix + "-snapshots");
        flags.put("flush.interval", "100ms");
        flags.put("streams.commit.interval.ms", "200");
        return flags;
    }

    /** The model's row of /api/v1/models, or null while it is not there (or the monitor answers 503 while starting). */
    static JsonNode summary(String base, String model) {
        try {
            for (JsonNode m : get(base, "/api/v1/models")) {
                if (m.get("model").asText().equals(model)) return m;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A 200 answer's JSON body; any other status is an IOException naming it. */
    static JsonNode get(String base, String path) throws IOException {
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() != 200) throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
        return Json.MAPPER.readTree(r.body());
    }
}
