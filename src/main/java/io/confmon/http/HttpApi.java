package io.confmon.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.confmon.view.NotReadyException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the monitor on the JDK's server: the API, health, metrics and the live page,
 * one small handler each. Bound before Kafka Streams starts (so a free port can be advertised to
 * the other instances); until the context is set, everything but health answers 503.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicReference<ApiContext> context = new AtomicReference<>();
    private final Forwarder forwarder = new Forwarder();

    /**
     * Marks a request one instance forwards to another: it answers for its own models only
     * ({@code /api/v1/models} lists the local ones), so two instances that disagree on an owner
     * never bounce a request forever.
     */
    public static final String FORWARDED_HEADER = "X-Confmon-Forwarded";

    /**
     * The JDK server writes a response's headers and body in two writes; with Nagle's algorithm on,
     * the body then waits for the client's delayed ACK of the headers (40 ms on Linux) on every
     * keep-alive request (JDK-6968351): a page's fetches, a scrape, a poll. Read once, when the
     * JDK's server first starts in this JVM; a value given on the command line is kept.
     */
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NO_DELAY) == null) System.setProperty(NO_DELAY, "true");
    }

    private HttpApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static HttpApi bind(String host, int port, Readiness readiness, PageSettings page) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "confmon-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        HttpApi api = new HttpApi(server, executor);
        server.createContext("/healthz", api.guard(HealthHandlers.healthz(readiness)));
        server.createContext("/readyz", api.guard(HealthHandlers.readyz(readiness)));
        server.createContext("/api/v1/models", api.guard(ex -> api.route(ex)));
        // From the configuration alone, so the page can lay itself out while Kafka Streams starts.
        server.createContext("/api/v1/page", api.guard(ex -> pageSettings(ex, page)));
        server.createContext("/metrics", api.guard(ex -> Exchanges.text(ex, 200,
                "text/plain; version=0.0.4; charset=utf-8", api.ready().metrics().get())));
        server.createContext("/", api.guard(ex -> api.page(ex)));
        server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Hands the handlers what they read, once Kafka Streams exists. */
    public void serve(ApiContext api) {
        context.set(api);
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/api/v1/models") || path.equals("/api/v1/models/")) new ModelsHandler(ready(), forwarder).handle(ex);
        else new MatrixHandler(ready(), forwarder).handle(ex);
    }

    private void page(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/index.html")) {
            Exchanges.error(ex, 404, "no such page '" + path + "': see / or /api/v1/models");
            return;
        }
        try (InputStream in = HttpApi.class.getResourceAsStream("/web/index.html")) {
            if (in == null) throw new IOException("the live page is missing from the jar");
            Exchanges.bytes(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
        }
    }

    private static void pageSettings(HttpExchange ex, PageSettings page) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/api/v1/page")) {
            Exchanges.error(ex, 404, "no such path '" + path + "': see /api/v1/page");
            return;
        }
        Exchanges.json(ex, 200, page);
    }

    private ApiContext ready() {
        ApiContext api = context.get();
        if (api == null) throw new NotReadyException("confmon is starting", null);
        return api;
    }

    /** Maps failures to answers: 400 for a bad query, 503 + Retry-After while state is not ready, 500 otherwise. */
    private HttpHandler guard(HttpHandler handler) {
        return ex -> {
            try {
                if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                    Exchanges.error(ex, 405, "only GET is served");
                    return;
                }
                handler.handle(ex);
            } catch (BadRequest e) {
                Exchanges.error(ex, 400, e.getMessage());
            } catch (NotReadyException e) {
                ex.getResponseHeaders().set("Retry-After", "1");
                Exchanges.error(ex, 503, e.getMessage());
            } catch (RuntimeException | IOException e) {
                log.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                Exchanges.error(ex, 500, "internal error: " + e.getMessage());
            }
        };
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
