package io.confmon.app;

import static io.confmon.app.MonitorReads.cells;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The join keeps a commit's cell deltas in memory and hands them on to the buckets right before
 * the commit, through a hook Kafka Streams calls there only because it is its own cache's
 * ({@code BeforeCommit}). If a Kafka upgrade stopped calling it before a commit, the input would be
 * committed while its deltas were still in memory, and a crash would lose them. This test makes
 * that loss certain instead of likely: the timed flush never comes (1 h), so the hook is the only
 * way a count reaches the buckets. Once every input offset is committed, {@code confmon run} is
 * SIGKILLed once it serves every pair; a new instance with a fresh state dir must serve every pair,
 * no more, from the changelogs alone. (Seen red with the hook's action removed: no instance served
 * the model at all.)
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChangesCommitWithTheirInputTest {
    private static final String PREFIX = "cwi-";
    private static final String APP_ID = PREFIX + "app";
    private static final String[] CLASSES = {"ant", "bee", "cat", "dog"};
    private static final int PAIRS = 600;
    private static TestBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = TestBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void deltasCommittedWithTheirInputSurviveASigkill() throws Exception {
        String predictions = PREFIX + "predictions";
        String labels = PREFIX + "labels";
        kafka.createTopic(predictions, 3);
        kafka.createTopic(labels, 3);
        kafka.createTopic(PREFIX + "dlq", 1);
        kafka.createTopic(PREFIX + "snapshots", 1);
        long t0 = System.currentTimeMillis() - Duration.ofMinutes(20).toMillis();
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (int i = 0; i < PAIRS; i++) {
            String id = "cwi-" + i;
            String predicted = CLASSES[i % 4];
            String actual = CLASSES[(i / 4) % 4];
            long ts = t0 + i * 1_000L;
            kafka.produce(predictions, id, String.format("{\"id\":\"%s\",\"model\":\"m\",\"ts\":%d,\"predicted\":\"%s\"}", id, ts, predicted));
            kafka.produce(labels, id, String.format("{\"id\":\"%s\",\"ts\":%d,\"actual\":\"%s\"}", id, ts + 2_000, actual));
            expected.computeIfAbsent(actual, a -> new TreeMap<>()).merge(predicted, 1L, Long::sum);
        }
        long end = kafka.endOffsets(predictions, labels);

        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--state-dir", Files.createTempDirectory("confmon-cwi").toString(), "--application-id", APP_ID));
        // Keyed by id with the default partitioner, every event is joined where it is read: the
        // committed input offsets are the join's own.
        for (String s : List.of("http.host=127.0.0.1", "topics.predictions=" + predictions, "topics.labels=" + labels,
                "topics.dlq=" + PREFIX + "dlq", "topics.snapshots=" + PREFIX + "snapshots", "join.direct=true",
                "flush.interval=1h", "streams.commit.interval.ms=100",
                "streams.session.timeout.ms=6000", "streams.heartbeat.interval.ms=1000")) {
            args.add("--set");
            args.add(s);
        }
        ChildMonitor child = ChildMonitor.start(ChildMonitor.freePort(), args, Path.of("target", "changes-commit", "monitor.log"));
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .failFast("the monitor died", () -> assertThat(child.alive()).as(() -> "alive? its log ends:\n" + child.tail(40)).isTrue())
                    .until(() -> kafka.committedOffsets(APP_ID, predictions, labels) == end);
            // The timed flush never runs: only the hook before each commit can have handed the deltas on.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(child.model("m")).as("counts handed on before the commits").hasValueSatisfying(m ->
                            assertThat(m.get("joined").asLong()).isEqualTo(PAIRS)));
        } finally {
            child.kill();
        }

        Map<String, String> flags = RunningMonitor.settings(kafka.bootstrapServers(), APP_ID, PREFIX);
        flags.put("join.direct", "true");
        try (RunningMonitor next = RunningMonitor.start(flags)) {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                JsonNode m = next.model("m");
                assertThat(m).as("model m after the restart").isNotNull();
                assertThat(m.get("joined").asLong()).isEqualTo(PAIRS);
                assertThat(m.get("pending").asLong()).isZero();
            });
            assertThat(cells(next.get("/api/v1/models/m/matrix"))).isEqualTo(expected);
        }
    }
}
