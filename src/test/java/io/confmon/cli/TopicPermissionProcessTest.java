package io.confmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code confmon run} whose principal may not create topics, on a broker that enforces ACLs (the
 * embedded broker's StandardAuthorizer): it stops with exit code 1 and a message naming the
 * output topic it could not create and the ACL that would allow it, before it waits for anything.
 */
class TopicPermissionProcessTest {
    private static final String ANONYMOUS = "User:ANONYMOUS";
    private static TestBroker kafka;

    @BeforeAll
    static void startKafka() {
        // Its own broker: the ACLs below would refuse other tests' topics.
        kafka = TestBroker.embedded();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void withoutCreateOnTheTopicOrClusterItStopsNamingTopicAndAcl(@TempDir Path state) throws Exception {
        kafka.createTopic("acl-predictions", 1);
        kafka.createTopic("acl-labels", 1);
        denyCreate("acl-");
        try (ConfmonProcess confmon = ConfmonProcess.start(runArgs("acl", "acl-", state))) {
            assertThat(confmon.awaitExit(Duration.ofSeconds(60))).as(confmon.output()).isEqualTo(ExitCodes.RUNTIME_FAILURE);
            assertThat(confmon.err()).as(confmon.output())
                    .contains("may not create topic 'acl-dlq'")
                    .contains("CREATE on the topic (or on the cluster)")
                    .contains("--operation Create --topic acl-dlq")
                    .doesNotContain("waiting for")
                    .doesNotContain("Exception:");
            assertThat(confmon.out()).doesNotContain("confmon running");
        }
        assertThat(kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("acl-dlq", "acl-snapshots");
    }

    /**
     * Its output topics exist, but it may create no topic: a new application stops at the topic that
     * records its join path ({@code join.direct=auto}), naming it and the ACL, before Kafka Streams
     * starts.
     */
    @Test
    void aNewApplicationThatMayNotCreateItsJoinMarkerStopsNamingIt(@TempDir Path state) throws Exception {
        for (String t : List.of("acl2-predictions", "acl2-labels", "acl2-dlq", "acl2-snapshots")) kafka.createTopic(t, 1);
        denyCreate("acl2-");
        try (ConfmonProcess confmon = ConfmonProcess.start(runArgs("acl2-app", "acl2-", state))) {
            assertThat(confmon.awaitExit(Duration.ofSeconds(60))).as(confmon.output()).isEqualTo(ExitCodes.RUNTIME_FAILURE);
            assertThat(confmon.err()).as(confmon.output())
                    .contains("may not create topic 'acl2-app-join-direct'")
                    .contains("--operation Create --topic acl2-app-join-direct")
                    .doesNotContain("Exception:");
            assertThat(confmon.out()).doesNotContain("confmon running");
        }
    }

    /**
     * Every client here, the broker's own included, is ANONYMOUS (PLAINTEXT): on the cluster and on
     * the topics named {@code prefix*} allow it everything (once a resource has an ACL, nothing is
     * allowed by default any more) but deny it CREATE, which wins.
     */
    private static void denyCreate(String prefix) throws Exception {
        ResourcePattern cluster = new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
        ResourcePattern topics = new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED);
        kafka.admin().createAcls(List.of(acl(cluster, AclOperation.ALL, AclPermissionType.ALLOW),
                acl(cluster, AclOperation.CREATE, AclPermissionType.DENY), acl(topics, AclOperation.ALL, AclPermissionType.ALLOW),
                acl(topics, AclOperation.CREATE, AclPermissionType.DENY))).all().get(30, TimeUnit.SECONDS);
    }

    /** {@code confmon run} of {@code app} on the topics {@code <prefix>predictions}, labels, dlq and snapshots. */
    private static List<String> runArgs(String app, String prefix, Path state) {
        return List.of("run", "--bootstrap-servers", kafka.bootstrapServers(), "--application-id", app,
                "--state-dir", state.toString(), "--http-port", "0", "--set", "http.host=127.0.0.1",
                "--set", "topics.predictions=" + prefix + "predictions", "--set", "topics.labels=" + prefix + "labels",
                "--set", "topics.dlq=" + prefix + "dlq", "--set", "topics.snapshots=" + prefix + "snapshots");
    }

    private static AclBinding acl(ResourcePattern pattern, AclOperation operation, AclPermissionType permission) {
        return new AclBinding(pattern, new AccessControlEntry(ANONYMOUS, "*", operation, permission));
    }
}
