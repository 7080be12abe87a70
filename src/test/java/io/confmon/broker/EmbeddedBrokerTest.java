package io.confmon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confmon.testing.TestBroker;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's own life: start, ready, data folder, stop. Transactions and groups: {@link EmbeddedBrokerClientsTest}. */
class EmbeddedBrokerTest {

    @Test
    void isReadyForClientsWhenStartReturns() throws Exception {
        long startNanos = System.nanoTime();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            long readyMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
            System.out.printf("embedded broker: ready in %d ms%n", readyMs);

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                Collection<Node> nodes = admin.describeCluster().nodes().get();
                assertThat(nodes).singleElement().satisfies(node -> {
                    assertThat(node.id()).isEqualTo(1);
                    assertThat(node.host()).isEqualTo("127.0.0.1");
                    assertThat(node.port()).isEqualTo(broker.port());
                });
            }
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        }
    }

    @Test
    void deletesItsTemporaryDataFolderOnClose() {
        Path dataDir;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            dataDir = broker.dataDir();
            assertThat(dataDir.resolve("meta.properties")).isRegularFile();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void keepsTopicsAndRecordsInAChosenDataFolderAcrossRestarts(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("kafka-data");
        try (EmbeddedBroker first = EmbeddedBroker.start(0, dataDir);
             TestBroker clients = TestBroker.connectedTo(first.bootstrapServers())) {
            clients.createTopic("kept", 1);
            clients.produce("kept", "k", "v");
        }
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();

        // A new start picks a new controller port: the static quorum makes that fine.
        try (EmbeddedBroker second = EmbeddedBroker.start(0, dataDir);
             TestBroker clients = TestBroker.connectedTo(second.bootstrapServers())) {
            assertThat(clients.admin().listTopics().names().get()).contains("kept");
            assertThat(values(clients, "kept")).containsExactly("v");
        }
    }

    @Test
    void refusesAFolderThatHoldsSomethingElse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not Kafka");

        assertThatThrownBy(() -> EmbeddedBroker.start(0, dir))
                .isInstanceOf(UnusableDataDirException.class)
                .hasMessageContaining(dir.toString());
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void refusesATakenPortBeforeStartingKafka() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));

            assertThatThrownBy(() -> EmbeddedBroker.start(taken.getLocalPort(), null))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort());
        }
    }

    private static List<String> values(TestBroker clients, String topic) {
        List<String> values = new ArrayList<>();
        clients.consumeAll(topic, true).forEach(r -> values.add(r.value()));
        return values;
    }
}
