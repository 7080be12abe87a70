package io.confmon.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/** {@code /healthz} (the process is alive) and {@code /readyz} (200 once processing, 503 while starting or restoring). */
final class HealthHandlers {
    private HealthHandlers() {}

    static HttpHandler healthz(Readiness readiness) {
        return ex -> answer(ex, readiness.alive(), readiness.state());
    }

    static HttpHandler readyz(Readiness readiness) {
        return ex -> {
            if (!readiness.ready()) ex.getResponseHeaders().set("Retry-After", "1");
            answer(ex, readiness.ready(), readiness.state());
        };
    }

    private static void answer(HttpExchange ex, boolean ok, String state) throws IOException {
        Exchanges.json(ex, ok ? 200 : 503, Map.of("status", ok ? "ok" : "unavailable", "state", state));
    }
}
