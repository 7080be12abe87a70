package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.json.Json;
import io.confmon.testing.TestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on a real broker; one stops cleanly while the test asks the survivor for every
 * model, all the time. Every answer must be the full matrix (equal to the one served before the
 * stop) or 503 with Retry-After, never a 500, a 404 or a partial matrix; and the survivor must
 * answer every model again within seconds, not after the 45 s session timeout (the stopped
 * instance leaves the group on close). The seconds it took are printed.
 */
class FailoverTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final String[] CLASSES = {"cat", "dog", "owl"};
    private static final List<String> MODELS = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
    private static final int PAIRS = 240;
    /** Well under the 45 s a survivor waits for a member that does not leave; the goal is 10 s. */
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = TestBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    /** One answer of the survivor during the stop. */
    record Answer(long atNanos, String model, int status, boolean fullMatrix, boolean retryAfter, String body) {}

    @Test
    void survivorAnswersEveryModelFullyOr503WhileTheOtherStopsCleanly() throws Exception {
        String prefix = "fo-";
        kafka.createTopic(prefix + "predictions", 4);
        kafka.createTopic(prefix + "labels", 4);
        for (int i = 0; i < PAIRS; i++) {
            String model = MODELS.get(i % MODELS.size());
            kafka.produce(prefix + "predictions", null, String.format("{\"id\":\"f-%d\",\"model\":\"%s\",\"ts\":%d,\"predicted\":\"%s\"}",
                    i, model, T0 + i, CLASSES[i % 3]));
            kafka.produce(prefix + "labels", null, String.format("{\"id\":\"f-%d\",\"ts\":%d,\"actual\":\"%s\"}", i, T0 + i + 10, CLASSES[(i / 7) % 3]));
        }
        Map<String, String> settings = RunningMonitor.settings(kafka.bootstrapServers(), "fo", prefix);
        TopicSetup.createOutputs(Config.load(null, Map.of(), settings));
        RunningMonitor survivor = RunningMonitor.start(settings);
        RunningMonitor leaving = RunningMonitor.start(RunningMonitor.settings(kafka.bootstrapServers(), "fo", prefix));
        try {
            await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode all = survivor.getOrNull("/api/v1/models");
                if (all == null || all.size() != MODELS.size()) return false;
                long joined = 0;
                for (JsonNode m : all) joined += m.get("joined").asLong();
                return joined == PAIRS && survivor.monitor.ready() && leaving.monitor.ready();
            });
            assertThat(leaving.monitor.local().models()).as("the leaving instance holds models").isNotEmpty();
            Map<String, JsonNode> expected = new HashMap<>();
            for (String model : MODELS) {
                JsonNode doc = survivor.get("/api/v1/models/" + model + "/matrix");
                assertThat(doc.get("total").asDouble()).isEqualTo(PAIRS / (double) MODELS.size());
                expected.put(model, doc);
            }

            List<Answer> answers = new ArrayList<>();
            long stopAt = System.nanoTime();
            Thread stopper = new Thread(leaving::close, "stop-one-instance");
            stopper.start();
            long stoppedAt = Long.MAX_VALUE;
            // Ask for every model in turn until each has answered fully for 3 s after the stop ended.
            long deadline = stopAt + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                for (String model : MODELS) answers.add(ask(survivor, model, expected.get(model)));
                if (!stopper.isAlive() && stoppedAt == Long.MAX_VALUE) stoppedAt = System.nanoTime();
                if (stoppedAt != Long.MAX_VALUE && allFullSince(answers, stoppedAt + TimeUnit.SECONDS.toNanos(3))) break;
            }
            stopper.join(TimeUnit.SECONDS.toMillis(30));

            List<Answer> wrong = answers.stream().filter(a -> !(a.fullMatrix() || (a.status() == 503 && a.retryAfter()))).toList();
            Map<Integer, Integer> statuses = new TreeMap<>();
            answers.forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
            double takeover = secondsUntilEveryModelAnswers(answers, stopAt);
            double closeTook = (stoppedAt - stopAt) / 1e9;
            System.out.printf("FailoverTest: the survivor answered every model %.1f s after the other instance began a clean stop"
                    + " (its close took %.1f s); %d answers, statuses %s%n", takeover, closeTook, answers.size(), statuses);

            assertThat(wrong).as("answers neither the full matrix nor 503 + Retry-After (of %d)", answers.size()).isEmpty();
            assertThat(allFullSince(answers, stoppedAt + TimeUnit.SECONDS.toNanos(3))).as("every model answered in the end").isTrue();
            assertThat(takeover).as("seconds until the survivor answers every model").isLessThan(TAKEOVER_LIMIT.toSeconds());
        } finally {
            leaving.close();
            survivor.close();
        }
    }

    private static Answer ask(RunningMonitor m, String model, JsonNode expected) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(m.base + "/api/v1/models/" + model + "/matrix"))
                .timeout(Duration.ofSeconds(35)).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            boolean full = r.statusCode() == 200 && Json.MAPPER.readTree(r.body()).equals(expected);
            return new Answer(System.nanoTime(), model, r.statusCode(), full, r.headers().firstValue("Retry-After").isPresent(), r.body());
        } catch (java.io.IOException e) {
            return new Answer(System.nanoTime(), model, -1, false, false, e.toString());
        }
    }

    /** Whether every model's answers since {@code sinceNanos} are full matrices, and each model has at least one. */
    private static boolean allFullSince(List<Answer> answers, long sinceNanos) {
        Map<String, Boolean> ok = new HashMap<>();
        for (Answer a : answers) {
            if (a.atNanos() < sinceNanos) continue;
            ok.merge(a.model(), a.fullMatrix(), Boolean::logicalAnd);
        }
        return ok.size() == MODELS.size() && !ok.containsValue(false);
    }

    /** From the stop's start to the last answer that was not a full matrix (0 if there was none). */
    private static double secondsUntilEveryModelAnswers(List<Answer> answers, long stopAt) {
        long lastNotFull = stopAt;
        for (Answer a : answers) if (!a.fullMatrix()) lastNotFull = Math.max(lastNotFull, a.atNanos());
        return (lastNotFull - stopAt) / 1e9;
    }
}
