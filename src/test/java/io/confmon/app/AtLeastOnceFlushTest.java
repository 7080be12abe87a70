package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.confmon.testing.TestBroker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Under at-least-once the join hands its deltas on every {@code flush.interval}, not only at its
 * commits (which come every 30 s by default): here commits are a minute apart, and the pairs must
 * be served long before the first one. Under exactly-once the timed flush is off (the buckets read
 * the deltas only once their transaction commits); {@code ChangesCommitWithTheirInputTest} shows
 * the commits alone hand every delta on.
 */
class AtLeastOnceFlushTest {
    private static final int PAIRS = 20;
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
    void pairsAreServedBetweenCommits() throws Exception {
        String prefix = "alos-";
        for (String topic : new String[] {"predictions", "labels", "dlq", "snapshots"}) kafka.createTopic(prefix + topic, 1);
        Map<String, String> flags = RunningMonitor.settings(kafka.bootstrapServers(), "alos-flush", prefix);
        flags.put("processing.guarantee", "at_least_once");
        flags.put("streams.commit.interval.ms", "60000");
        flags.put("flush.interval", "100ms");

        try (RunningMonitor live = RunningMonitor.start(flags)) {
            long t0 = System.currentTimeMillis() - 600_000;
            for (int i = 0; i < PAIRS; i++) {
                String id = "alos-" + i;
                kafka.produce(prefix + "predictions", id, "{\"id\":\"" + id + "\",\"model\":\"m\",\"ts\":" + (t0 + i) + ",\"predicted\":\"cat\"}");
                kafka.produce(prefix + "labels", id, "{\"id\":\"" + id + "\",\"model\":\"m\",\"ts\":" + (t0 + i + 1) + ",\"actual\":\"dog\"}");
            }
            long produced = System.nanoTime();

            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode m = live.model("m");
                return m != null && m.get("joined").asLong() == PAIRS;
            });

            double seconds = (System.nanoTime() - produced) / 1e9;
            assertThat(seconds).as("served before the first commit, a minute after the start").isLessThan(30);
        }
    }
}
