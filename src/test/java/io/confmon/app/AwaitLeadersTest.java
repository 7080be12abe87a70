package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.confmon.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@link TopicSetup#awaitLeaders}: right after it, every partition of a new topic takes a write
 * from an idempotent producer (what confmon run, demo, backfill and the benchmark do next), and a
 * topic the metadata does not know yet is waited for.
 */
class AwaitLeadersTest {
    @Test
    void everyPartitionOfANewTopicTakesAWriteOnceItReturns() throws Exception {
        try (TestBroker kafka = TestBroker.start()) {
            String topic = "await-leaders";
            kafka.admin().createTopics(List.of(new NewTopic(topic, 8, (short) 1))).all().get(30, TimeUnit.SECONDS);

            assertThat(TopicSetup.awaitLeaders(kafka.admin(), List.of(topic))).isTrue();
            for (int p = 0; p < 8; p++) {
                assertThat(kafka.produce(new ProducerRecord<>(topic, p, null, new byte[] {1})).partition()).isEqualTo(p);
            }
            // A topic the metadata does not know (yet, right after its creation) is waited for, not an error.
            assertThat(TopicSetup.awaitLeaders(kafka.admin(), List.of("no-such-topic"), Duration.ofSeconds(1))).isFalse();
        }
    }
}
