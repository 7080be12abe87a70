package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confmon.testing.TestBroker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code join.direct=auto} on a real broker: a new application joins directly and says so in its
 * marker topic, so that its next instances do too; an application that ran by id (its by-id topic
 * exists, no marker) stays by id, so a rolling restart after an upgrade keeps its topology; an
 * explicit {@code true} or {@code false} sets the marker to match, and a rolling upgrade from 0.1
 * joins by id without touching it.
 */
class JoinPathTest {
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
    void aNewApplicationJoinsDirectlyAndKeepsDoingSo() throws Exception {
        Config config = config("jp-new", Map.of());
        assertThat(JoinPath.direct(config)).isTrue();
        awaitTopic("jp-new-join-direct");
        // Its next instance, after Streams made by-id.
        kafka.createTopic(JoinPath.byIdTopic("jp-new"), 1);
        assertThat(JoinPath.direct(config)).isTrue();
    }

    /** Instances of a new application starting at once all create the marker; the ones told "exists" make the same choice. */
    @Test
    void instancesStartingAtOnceAllJoinDirectly() throws Exception {
        Config config = config("jp-race", Map.of());
        int instances = 4;
        java.util.concurrent.CyclicBarrier atOnce = new java.util.concurrent.CyclicBarrier(instances);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(instances);
        try {
            List<java.util.concurrent.Future<Boolean>> choices = new java.util.ArrayList<>();
            for (int i = 0; i < instances; i++) {
                choices.add(pool.submit(() -> {
                    atOnce.await(30, TimeUnit.SECONDS);
                    return JoinPath.direct(config);
                }));
            }
            for (java.util.concurrent.Future<Boolean> choice : choices) assertThat(choice.get(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        awaitTopic("jp-race-join-direct");
    }

    @Test
    void anApplicationThatRanByIdStaysByIdUntilToldOtherwise() throws Exception {
        kafka.createTopic("jp-old-by-id-repartition", 1);
        assertThat(JoinPath.direct(config("jp-old", Map.of()))).isFalse();
        assertThat(topicExists("jp-old-join-direct")).as("auto leaves an application that ran by id unmarked").isFalse();

        assertThat(JoinPath.direct(config("jp-old", Map.of("join.direct", "true")))).isTrue();
        awaitTopic("jp-old-join-direct");
        assertThat(JoinPath.direct(config("jp-old", Map.of()))).as("auto after true").isTrue();

        assertThat(JoinPath.direct(config("jp-old", Map.of("join.direct", "false")))).isFalse();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> !topicExists("jp-old-join-direct"));
        assertThat(JoinPath.direct(config("jp-old", Map.of()))).as("auto after false").isFalse();
    }

    @Test
    void aRollingUpgradeFromZeroPointOneJoinsByIdAndLeavesNoMarker() throws Exception {
        assertThat(JoinPath.direct(config("jp-upg", Map.of("upgrade.from", "0.1")))).isFalse();
        assertThat(topicExists("jp-upg-join-direct")).isFalse();
    }

    private static Config config(String applicationId, Map<String, String> more) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap.servers", kafka.bootstrapServers());
        flags.put("application.id", applicationId);
        flags.putAll(more);
        return Config.load(null, Map.of(), flags);
    }

    /**
     * The marker shows in a topic listing: the broker's metadata can lag the controller's create by
     * a moment (one full run listed the topics before it showed), so the listing is asked again.
     */
    private static void awaitTopic(String name) {
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> topicExists(name));
    }

    private static boolean topicExists(String name) throws Exception {
        return kafka.admin().listTopics().names().get(10, TimeUnit.SECONDS).contains(name);
    }
}
