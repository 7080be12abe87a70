package io.confmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests on one keep-alive connection answer without the 40 ms stall of Nagle's algorithm
 * meeting the client's delayed ACK (JDK-6968351), which every poll of the API, every fetch of the
 * page and every scrape paid. Not a benchmark: with the stall each request takes at least the
 * kernel's 40 ms minimum delayed ACK, without it about a millisecond; the bound sits between.
 */
class HttpKeepAliveTest {
    private static final Readiness READY = new Readiness() {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean alive() {
            return true;
        }

        @Override
        public String state() {
            return "RUNNING";
        }
    };

    @Test
    void keepAliveRequestsDoNotWaitForADelayedAck() throws Exception {
        HttpApi api = HttpApi.bind("127.0.0.1", 0, READY, new PageSettings(List.of("5m", "1h", "24h"), 60_000));
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/page")).build();
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                ms.add((System.nanoTime() - start) / 1e6);
                assertThat(response.statusCode()).isEqualTo(200);
            }
            Collections.sort(ms);
            assertThat(ms.get(ms.size() / 2)).as("median ms of %s", ms).isLessThan(30.0);
        } finally {
            api.close();
        }
    }
}
