package io.confmon.http;

import com.sun.net.httpserver.HttpExchange;
import io.confmon.view.NotReadyException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/** Answers a request with another instance's answer: any instance answers for any model. */
final class Forwarder {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    boolean wasForwarded(HttpExchange ex) {
        return ex.getRequestHeaders().containsKey(HttpApi.FORWARDED_HEADER);
    }

    /** @throws NotReadyException when the owner does not answer: it is stopping or gone, and its models are moving */
    void forward(HttpExchange ex, HostInfo owner) throws IOException {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + ex.getRequestURI().toASCIIString());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header(HttpApi.FORWARDED_HEADER, "1").GET().build();
        try {
            HttpResponse<byte[]> answer = send(request, owner);
            answer.headers().firstValue("Retry-After").ifPresent(v -> ex.getResponseHeaders().set("Retry-After", v));
            Exchanges.bytes(ex, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                    answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + uri, e);
        }
    }

    /** An instance that does not answer is stopping or gone: its models are on their way to another one. */
    private HttpResponse<byte[]> send(HttpRequest request, HostInfo host) throws IOException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new NotReadyException("instance " + host + " does not answer (" + e.getClass().getSimpleName()
                    + "); its models are moving to another instance", e);
        } catch (IOException e) {
            // A connection closed mid-answer: the instance is stopping.
            throw new NotReadyException("instance " + host + " stopped answering (" + e.getMessage() + ")", e);
        }
    }

    /** GETs a JSON body from another instance (for the model list). */
    byte[] get(HostInfo host, String path) throws IOException {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header(HttpApi.FORWARDED_HEADER, "1").GET().build();
        try {
            HttpResponse<byte[]> answer = send(request, host);
            if (answer.statusCode() == 503) {
                throw new NotReadyException("instance " + host + " is not ready; its models would be missing from the list", null);
            }
            if (answer.statusCode() != 200) throw new IOException(uri + " answered " + answer.statusCode());
            return answer.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + uri, e);
        }
    }
}
