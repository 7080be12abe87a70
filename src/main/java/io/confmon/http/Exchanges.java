package io.confmon.http;

import com.sun.net.httpserver.HttpExchange;
import io.confmon.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writing answers: JSON bodies, errors as {@code {"error": ...}}, bytes with a content type. */
final class Exchanges {
    private Exchanges() {}

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        bytes(ex, status, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, Map.of("error", message));
    }

    static void text(HttpExchange ex, int status, String contentType, String body) throws IOException {
        bytes(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }
}
