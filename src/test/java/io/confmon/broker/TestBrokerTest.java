package io.confmon.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The broker every integration test gets (a container where Docker runs, else embedded) round-trips records. */
class TestBrokerTest {

    @Test
    void producesAndConsumesThroughTheChosenBroker() throws Exception {
        try (TestBroker kafka = TestBroker.start()) {
            kafka.createTopic("round-trip", 2);
            kafka.produce("round-trip", "req-1", "{\"id\":\"req-1\"}");
            kafka.produce("round-trip", "req-1", "{\"id\":\"req-1\",\"again\":true}");
            ProducerRecord<byte[], byte[]> withHeader = new ProducerRecord<>("round-trip", null, null,
                    "req-1".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x01});
            withHeader.headers().add("confmon.error", "malformed".getBytes(StandardCharsets.UTF_8));
            kafka.produce(withHeader);

            List<ConsumerRecord<String, String>> records = kafka.consumeAll("round-trip", true);

            assertThat(records).extracting(ConsumerRecord::key).containsOnly("req-1");
            assertThat(records).extracting(ConsumerRecord::value)
                    .startsWith("{\"id\":\"req-1\"}", "{\"id\":\"req-1\",\"again\":true}");
            assertThat(new String(records.get(2).headers().lastHeader("confmon.error").value(), StandardCharsets.UTF_8))
                    .isEqualTo("malformed");
            System.out.printf("TestBroker chose: %s%n", kafka);
        }
    }
}
