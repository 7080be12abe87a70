package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confmon.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code static.membership=on} (the default) makes the instance a static member named by its host
 * and state dir, so that a restart with the same state dir takes its place back without waiting
 * for the session timeout; a clean stop still leaves the group at once (else the others would wait
 * out the timeout). With {@code off} it is a dynamic member.
 */
class StaticMembershipTest {
    private static TestBroker kafka;

    @BeforeAll
    static void start() {
        kafka = TestBroker.start();
        kafka.createTopic("sm-predictions", 2);
        kafka.createTopic("sm-labels", 2);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void aStaticMemberNamedByHostAndStateDirThatLeavesOnACleanStop() throws Exception {
        Map<String, String> settings = RunningMonitor.settings(kafka.bootstrapServers(), "sm-static", "sm-");
        RunningMonitor first = RunningMonitor.start(settings);
        List<Optional<String>> ids;
        try {
            ids = membersOnceJoined("sm-static");
            assertThat(ids).isNotEmpty().allSatisfy(id -> assertThat(id).as("group.instance.id").isPresent());
            assertThat(ids.get(0).orElseThrow()).startsWith("sm-static-");
        } finally {
            first.close();
        }
        long stopped = System.nanoTime();
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> members("sm-static").isEmpty());
        System.out.printf("StaticMembershipTest: the static member left %.1f s after its clean stop (session timeout 45 s)%n",
                (System.nanoTime() - stopped) / 1e9);

        // The same state dir again: the same name, as a restart after a crash would present.
        RunningMonitor again = RunningMonitor.start(settings);
        try {
            assertThat(membersOnceJoined("sm-static")).isEqualTo(ids);
        } finally {
            again.close();
        }
    }

    @Test
    void offMakesADynamicMember() throws Exception {
        Map<String, String> settings = RunningMonitor.settings(kafka.bootstrapServers(), "sm-dynamic", "sm-");
        settings.put("static.membership", "off");
        try (RunningMonitor monitor = RunningMonitor.start(settings)) {
            assertThat(membersOnceJoined("sm-dynamic")).isNotEmpty().allSatisfy(id -> assertThat(id).isEmpty());
        }
    }

    private static List<Optional<String>> membersOnceJoined(String group) {
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300))
                .until(() -> members(group), m -> !m.isEmpty());
    }

    private static List<Optional<String>> members(String group) throws Exception {
        ConsumerGroupDescription d = kafka.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS);
        return d.members().stream().map(MemberDescription::groupInstanceId).sorted(java.util.Comparator.comparing(o -> o.orElse(""))).toList();
    }
}
