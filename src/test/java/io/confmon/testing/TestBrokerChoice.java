package io.confmon.testing;

import io.confmon.broker.EmbeddedBroker;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Which broker {@link TestBroker#start()} runs, and why; decided once per choice and logged. */
final class TestBrokerChoice {
    private static final Logger log = LoggerFactory.getLogger(TestBroker.class);
    /** The server version of the embedded broker, so both kinds behave alike. */
    private static final String DEFAULT_IMAGE = "apache/kafka:4.3.1";

    private final boolean container;
    private final String reason;

    private TestBrokerChoice(boolean container, String reason) {
        this.container = container;
        this.reason = reason;
    }

    static TestBrokerChoice embedded(String reason) {
        return new TestBrokerChoice(false, reason);
    }

    /** {@code confmon.testBroker} / {@code CONFMON_TEST_BROKER}: {@code auto} (default), {@code embedded} or {@code container}. */
    static TestBrokerChoice fromEnvironment() {
        String asked = System.getProperty("confmon.testBroker", System.getenv().getOrDefault("CONFMON_TEST_BROKER", "auto"))
                .trim().toLowerCase(Locale.ROOT);
        switch (asked) {
            case "embedded":
                return embedded("asked for with confmon.testBroker=embedded");
            case "container":
                if (!DockerClientFactory.instance().isDockerAvailable()) {
                    throw new IllegalStateException("confmon.testBroker=container, but Docker is not available");
                }
                return new TestBrokerChoice(true, "asked for with confmon.testBroker=container");
            case "auto":
            case "":
                quietDockerSearch();
                return DockerClientFactory.instance().isDockerAvailable()
                        ? new TestBrokerChoice(true, "Docker is available")
                        : embedded("Docker is not available; -Dconfmon.testBroker=container says why");
            default:
                throw new IllegalArgumentException("confmon.testBroker must be auto, embedded or container, not '" + asked + "'");
        }
    }

    /**
     * Without Docker, Testcontainers logs an ERROR listing every way it looked for it; here that is
     * the expected case and our own line says which broker was chosen. {@code confmon.testBroker=container}
     * keeps the ERROR, to see why Docker was not found.
     */
    private static void quietDockerSearch() {
        String logger = "org.slf4j.simpleLogger.log.org.testcontainers.dockerclient.DockerClientProviderStrategy";
        if (System.getProperty(logger) == null) System.setProperty(logger, "off");
    }

    TestBroker start() {
        long startNanos = System.nanoTime();
        TestBroker broker = container ? startContainer() : startEmbedded();
        log.info("Test Kafka: {} ({}), ready in {} ms", broker, reason, Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        return broker;
    }

    private static TestBroker startEmbedded() {
        EmbeddedBroker broker = EmbeddedBroker.start(0, null);
        return new TestBroker("embedded", broker.bootstrapServers(), broker::close);
    }

    @SuppressWarnings("resource") // closed by the TestBroker that owns it
    private static TestBroker startContainer() {
        String image = System.getProperty("confmon.kafkaImage", DEFAULT_IMAGE);
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                // As the embedded broker (see BrokerSettings): topics are created explicitly, groups start at once.
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_STREAMS_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        kafka.start();
        return new TestBroker("container", kafka.getBootstrapServers(), kafka::stop);
    }
}
