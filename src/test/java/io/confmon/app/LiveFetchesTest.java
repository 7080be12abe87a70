package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** {@link LiveFetches}: the consumers Kafka Streams makes get the larger, shorter fetches, where the consumer's defaults differ. */
class LiveFetchesTest {
    @Test
    void theMainAndRestoreConsumersFetchAtLeastMinBytesOrWaitMaxWait() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "live-fetches-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        p.putAll(LiveFetches.streamsProperties());
        StreamsConfig config = new StreamsConfig(p);

        for (Map<String, Object> consumer : List.of(config.getMainConsumerConfigs("live-fetches-test", "client", 0),
                config.getRestoreConsumerConfigs("client"))) {
            assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "32768")
                    .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        }
        Map<String, Object> defaults = ConsumerConfig.configDef().defaultValues();
        assertThat(defaults.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)).isEqualTo(1);
        assertThat(defaults.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo(500);
    }
}
