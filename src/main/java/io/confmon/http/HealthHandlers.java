package io.confmon.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /healthz} (the process is alive) and {@code /readyz} (200 once processing, 503 while starting or restoring, with the restore's progress). */
final class HealthHandlers {
    private HealthHandlers() {}

    static HttpHandler healthz(Readiness readiness) {
        return ex -> answer(ex, readiness.alive(), readiness.state());
    }

    /** 200 once processing; 503 with Retry-After meanwhile, listing the stores being restored and how far each is. */
    static HttpHandler readyz(Readiness readiness) {
        return ex -> {
            boolean ready = readiness.ready();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ready ? "ok" : "unavailable");
            body.put("state", readiness.state());
            List<Readiness.Restore> restoring = readiness.restoring();
            if (!restoring.isEmpty()) body.put("restoring", restoring);
            if (!ready) ex.getResponseHeaders().set("Retry-After", "1");
            Exchanges.json(ex, ready ? 200 : 503, body);
        };
    }

    private static void answer(HttpExchange ex, boolean ok, String state) throws IOException {
        Exchanges.json(ex, ok ? 200 : 503, Map.of("status", ok ? "ok" : "unavailable", "state", state));
    }
}
