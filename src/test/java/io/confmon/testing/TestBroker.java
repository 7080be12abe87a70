package io.confmon.testing;

import io.confmon.broker.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The one way integration tests get a Kafka broker: a Testcontainers {@code apache/kafka}
 * container where Docker runs, otherwise confmon's {@link EmbeddedBroker} (a real KRaft broker in
 * the test JVM), both with auto-creation of topics off, as {@code confmon broker}. Which one is
 * logged with the reason; {@code -Dconfmon.testBroker=embedded|container} (or
 * {@code CONFMON_TEST_BROKER}) forces a choice, {@code -Dconfmon.kafkaImage} changes the image.
 *
 * <pre>{@code
 * static TestBroker kafka;
 * @BeforeAll static void startKafka() { kafka = TestBroker.start(); }
 * @AfterAll static void stopKafka() { kafka.close(); }
 * }</pre>
 */
public final class TestBroker implements AutoCloseable {
    static final int TIMEOUT_SECONDS = 30;

    private final String kind;
    private final String bootstrapServers;
    private final Runnable stopServer;
    private Admin admin;
    private Producer<byte[], byte[]> producer;

    TestBroker(String kind, String bootstrapServers, Runnable stopServer) {
        this.kind = kind;
        this.bootstrapServers = bootstrapServers;
        this.stopServer = stopServer;
    }

    /** Starts a broker of the kind {@link TestBrokerChoice} picks. */
    public static TestBroker start() {
        return TestBrokerChoice.fromEnvironment().start();
    }

    /** An {@link EmbeddedBroker} whatever Docker says: for tests of the embedded broker itself. */
    public static TestBroker embedded() {
        return TestBrokerChoice.embedded("asked for by the test").start();
    }

    /** Helpers for a broker started elsewhere (by {@code confmon demo}, by the test); closing leaves it running. */
    public static TestBroker connectedTo(String bootstrapServers) {
        return new TestBroker("external", bootstrapServers, () -> { });
    }

    /** {@code "container"}, {@code "embedded"} or {@code "external"}. */
    public String kind() {
        return kind;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A fresh, mutable client configuration with {@code bootstrap.servers}: add to it and build any client. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** An Admin client shared by the helpers, closed with the broker. */
    /**
     * After a SIGKILL: the partitions written by an ongoing transaction whose id starts with
     * {@code transactionalIdPrefix} and that began at or after {@code sinceMs} (so the killed
     * incarnation's, not a predecessor's), as the transaction coordinator sees it; 0 when the kill
     * fell between two transactions.
     */
    public int openTransactionPartitions(String transactionalIdPrefix, long sinceMs) throws Exception {
        List<String> ours = admin().listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
                .all().get(10, TimeUnit.SECONDS).stream()
                .map(TransactionListing::transactionalId)
                .filter(id -> id.startsWith(transactionalIdPrefix))
                .toList();
        if (ours.isEmpty()) return 0;
        return admin().describeTransactions(ours).all().get(10, TimeUnit.SECONDS).values().stream()
                .filter(t -> t.state() == TransactionState.ONGOING)
                .filter(t -> t.transactionStartTimeMs().orElse(0L) >= sinceMs)
                .mapToInt(t -> t.topicPartitions().size())
                .sum();
    }

    /** The offsets {@code group} has committed on the partitions of {@code topics}, summed (a partition without one counts 0). */
    public long committedOffsets(String group, String... topics) throws Exception {
        Set<String> wanted = Set.of(topics);
        return admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .entrySet().stream()
                .filter(e -> wanted.contains(e.getKey().topic()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    /** The end offsets of every partition of {@code topics}, summed: with no transactions in them, their record count. */
    public long endOffsets(String... topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin().describeTopics(List.of(topics)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((topic, d) -> d.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        return admin().listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    public synchronized Admin admin() {
        if (admin == null) admin = Admin.create(clientConfig());
        return admin;
    }

    /** Creates a topic with replication factor 1 and waits until the controller has it. */
    public void createTopic(String name, int partitions) {
        await(admin().createTopics(Set.of(new NewTopic(name, partitions, (short) 1))).all(), "create topic " + name);
    }

    /** Sends one UTF-8 record and waits until the broker acknowledges it. */
    public RecordMetadata produce(String topic, String key, String value) {
        return produce(new ProducerRecord<>(topic, utf8(key), utf8(value)));
    }

    /** Sends any record (bytes, headers, partition, timestamp) and waits until the broker acknowledges it. */
    public RecordMetadata produce(ProducerRecord<byte[], byte[]> record) {
        return await(producer().send(record), "produce to " + record.topic());
    }

    /**
     * Every record of {@code topic} now, as UTF-8 strings: read from the beginning of each partition
     * up to its end offset (with {@code readCommitted}, {@code isolation.level=read_committed} and
     * the last stable offset, so aborted and still open transactions are left out).
     */
    public List<ConsumerRecord<String, String>> consumeAll(String topic, boolean readCommitted) {
        return consumeAll(topic, readCommitted, new StringDeserializer(), new StringDeserializer());
    }

    public <K, V> List<ConsumerRecord<K, V>> consumeAll(String topic, boolean readCommitted,
                                                        Deserializer<K> keys, Deserializer<V> values) {
        return TopicReader.readToEnd(clientConfig(), topic, readCommitted, keys, values);
    }

    @Override
    public synchronized void close() {
        try {
            if (producer != null) producer.close();
            if (admin != null) admin.close();
        } finally {
            stopServer.run();
        }
    }

    @Override
    public String toString() {
        return kind + " broker on " + bootstrapServers;
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = clientConfig();
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T await(Future<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
