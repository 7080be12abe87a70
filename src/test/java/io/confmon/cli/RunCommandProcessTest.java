package io.confmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confmon.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code confmon run} as a separate JVM against a real broker, as an operator or a container
 * runtime sees it: it names missing input topics and waits for them, creates its own output
 * topics and serves matrices with no flag, {@code --create-topics} creates all four, SIGTERM stops it cleanly and promptly, and a bad configuration key exits 2 naming the
 * key before any topic is touched.
 */
class RunCommandProcessTest {
    /** The exit code of a JVM that ran its shutdown hooks on SIGTERM: 128 + 15. */
    private static final int SIGTERM_EXIT = 143;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = TestBroker.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void waitsOnlyForItsInputsCreatesItsOutputsAndServesMatrices(@TempDir Path state) throws Exception {
        try (ConfmonProcess confmon = ConfmonProcess.start(runArgs("proc-wait", state))) {
            confmon.awaitErr("waiting for input topics", START);
            String waiting = confmon.err().lines().filter(l -> l.contains("waiting for")).findFirst().orElseThrow();
            assertThat(waiting).as(confmon.output()).contains("[proc-wait-predictions, proc-wait-labels]")
                    .contains("--create-topics").doesNotContain("proc-wait-dlq").doesNotContain("proc-wait-snapshots");
            // Its own output topics it made itself, as they need to be.
            assertThat(topicConfig("proc-wait-dlq", "message.timestamp.type")).isEqualTo("LogAppendTime");
            assertThat(topicConfig("proc-wait-snapshots", "cleanup.policy")).isEqualTo("compact");
            // Still waiting a few of its polls later, not exited and not serving.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(confmon::isAlive);
            assertThat(confmon.out()).doesNotContain("confmon running");

            // The two inputs are all it needs: no flag, no other topic.
            kafka.createTopic("proc-wait-predictions", 2);
            kafka.createTopic("proc-wait-labels", 1);
            int port = confmon.awaitHttpPort(START);
            awaitReady(port);
            long ts = System.currentTimeMillis();
            kafka.produce("proc-wait-predictions", "r1", "{\"id\":\"r1\",\"model\":\"m\",\"ts\":" + ts + ",\"predicted\":\"cat\"}");
            kafka.produce("proc-wait-labels", "r1", "{\"id\":\"r1\",\"model\":\"m\",\"ts\":" + (ts + 1) + ",\"actual\":\"dog\"}");
            await().atMost(START).pollInterval(Duration.ofMillis(250))
                    .until(() -> body(port, "/api/v1/models/m/matrix"), b -> b.contains("\"counts\":[[0.0,0.0],[1.0,0.0]]"));

            assertStopsOnSigterm(confmon);
        }
    }

    @Test
    void createTopicsCreatesAllFourThenServesAndStopsOnSigterm(@TempDir Path state) throws Exception {
        List<String> args = runArgs("proc-create", state);
        args.add("--create-topics");
        try (ConfmonProcess confmon = ConfmonProcess.start(args)) {
            int port = confmon.awaitHttpPort(START);
            assertThat(kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(topics("proc-create"));
            assertThat(confmon.err()).doesNotContain("waiting for topics");
            awaitReady(port);

            assertStopsOnSigterm(confmon);
        }
    }

    @ParameterizedTest(name = "--set {0}")
    @CsvSource(quoteCharacter = '"', value = {
        "nope=1,      \"unknown configuration key 'nope'\"",
        "bucket=soon, \"bucket: 'soon' is not a duration\"",
    })
    void badConfigurationKeyExitsTwoBeforeTouchingKafka(String setting, String message, @TempDir Path state) throws Exception {
        String prefix = "proc-bad-" + setting.substring(0, setting.indexOf('='));
        List<String> args = runArgs(prefix, state);
        args.addAll(List.of("--create-topics", "--set", setting));
        try (ConfmonProcess confmon = ConfmonProcess.start(args)) {
            assertThat(confmon.awaitExit(Duration.ofSeconds(30))).as(confmon.output()).isEqualTo(ExitCodes.USAGE);
            assertThat(confmon.err()).as("names the key").contains(message);
            assertThat(confmon.out()).doesNotContain("confmon running");
        }
        // --create-topics was given, yet nothing was created: the configuration failed first.
        Set<String> existing = kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS);
        assertThat(existing).doesNotContainAnyElementsOf(topics(prefix));
    }

    /** SIGTERM: the shutdown hook logs 'stopping', closes the monitor without errors, and the JVM exits 143 within a few seconds. */
    private static void assertStopsOnSigterm(ConfmonProcess confmon) throws InterruptedException {
        long start = System.nanoTime();
        int exit = confmon.terminate(STOP);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String what = "stopped in " + took.toMillis() + " ms\n" + confmon.output();
        assertThat(exit).as(what).isEqualTo(SIGTERM_EXIT);
        assertThat(took).as(what).isLessThan(STOP);
        assertThat(confmon.err()).as(what).contains("stopping").doesNotContain(" ERROR ");
    }

    private static void awaitReady(int port) {
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> status(port, "/readyz") == 200);
    }

    private static String topicConfig(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return kafka.admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key).value();
    }

    private static String body(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int status(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<String> topics(String prefix) {
        return List.of(prefix + "-predictions", prefix + "-labels", prefix + "-dlq", prefix + "-snapshots");
    }

    /** {@code confmon run} with its own application id, state dir, topics, and any free HTTP port on loopback. */
    private static List<String> runArgs(String prefix, Path stateDir) {
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", kafka.bootstrapServers(),
                "--application-id", prefix, "--state-dir", stateDir.toString(), "--http-port", "0",
                "--set", "http.host=127.0.0.1"));
        List<String> keys = List.of("topics.predictions", "topics.labels", "topics.dlq", "topics.snapshots");
        List<String> names = topics(prefix);
        for (int i = 0; i < keys.size(); i++) args.addAll(List.of("--set", keys.get(i) + "=" + names.get(i)));
        return args;
    }
}
