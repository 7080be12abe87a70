package io.confmon.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * {@link ConfmonTopology#streamsSettings}: the global handler's switch reaches the settings of the
 * main consumer, from which Streams' partition assignor builds the config that otherwise warns on
 * every start (the tests' log configuration hides that warning, so it is checked at its source).
 * {@link ConfmonTopology#producerBatching}: the producer Streams makes gets the larger batches.
 */
class StreamsSettingsTest {
    @Test
    void theMainConsumerCarriesTheGlobalHandlerSwitch() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-settings-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        p.putAll(ConfmonTopology.streamsSettings());

        Map<String, Object> consumer = new StreamsConfig(p).getMainConsumerConfigs("streams-settings-test", "client", 0);

        assertThat(consumer).containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        assertThat(new StreamsConfig(p).getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
    }

    @Test
    void theProducerStreamsMakesBatchesMoreThanItsDefault() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-settings-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        Object streamsDefault = new StreamsConfig(p).getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG);
        p.putAll(ConfmonTopology.producerBatching());

        Map<String, Object> producer = new StreamsConfig(p).getProducerConfigs("client");

        assertThat(producer).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(ConfmonTopology.PRODUCER_BATCH_BYTES));
        assertThat(streamsDefault == null ? ProducerConfig.configDef().defaultValues().get(ProducerConfig.BATCH_SIZE_CONFIG) : streamsDefault)
                .isEqualTo(16 * 1024);
    }
}
