package io.confmon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confmon.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What Kafka Streams with exactly_once_v2 and confmon's consumers need from the embedded broker. */
class EmbeddedBrokerClientsTest {
    private static TestBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = TestBroker.embedded();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void readCommittedSeesCommittedTransactionsAndNeverAnAbortedOne() {
        kafka.createTopic("transactions", 2);
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "confmon-test-tx");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "a", "committed-1"));
            producer.send(new ProducerRecord<>("transactions", "a", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "a", "aborted"));
            producer.flush(); // the aborted record is really in the log, not just never sent
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "a", "committed-3"));
            producer.commitTransaction();
        }

        assertThat(values(kafka.consumeAll("transactions", true)))
                .containsExactly("committed-1", "committed-2", "committed-3");
        assertThat(values(kafka.consumeAll("transactions", false)))
                .containsExactly("committed-1", "committed-2", "aborted", "committed-3");
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void aConsumerGroupConsumesEveryRecordAndCommitsItsOffsets(String protocol) throws Exception {
        String topic = "group-" + protocol;
        String group = "confmon-test-" + protocol;
        kafka.createTopic(topic, 3);
        for (int i = 0; i < 9; i++) kafka.produce(topic, "key-" + i, "value-" + i);

        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> consumed = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumed.size() < 9 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> consumed.add(r.value()));
            }
            consumer.commitSync();
        }

        assertThat(consumed).hasSize(9).doesNotHaveDuplicates();
        Map<TopicPartition, OffsetAndMetadata> committed =
                kafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(9);
    }

    @Test
    void aKafkaStreamsAppRunsWithExactlyOnceV2(@TempDir Path stateDir) {
        kafka.createTopic("eos-in", 2);
        kafka.createTopic("eos-out", 2);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("eos-in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase(Locale.ROOT), Named.as("upper-case"))
                .to("eos-out", Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "confmon-test-eos");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        for (int i = 0; i < 4; i++) kafka.produce("eos-in", "k" + i, "v" + i);

        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            streams.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> kafka.consumeAll("eos-out", true).size() == 4);
        }
        assertThat(values(kafka.consumeAll("eos-out", true))).containsExactlyInAnyOrder("V0", "V1", "V2", "V3");
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
