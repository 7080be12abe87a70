package io.confmon.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * What the extractor tells Streams and keeps for the decode processor. Streams extracts a
 * partition's next record when it hands out the current one, so the current one's outcome must
 * still be there after the next is extracted.
 */
class EventTimeExtractorTest {
    private static final long T0 = TopologyHarness.T0;
    private final EventTimeExtractor extractor = new EventTimeExtractor(TopologySettings.defaults());

    @Test
    void aValidEventIsTimedByItsTsAndABadRecordByItsPartitionsTime() {
        assertThat(extractor.extract(record("predictions", 0, 10, T0 + 99_000, "{\"id\":\"a\",\"model\":\"m\",\"ts\":%d,\"predicted\":\"x\"}"
                .formatted(T0)), T0 - 5)).isEqualTo(T0);
        assertThat(extractor.extract(record("predictions", 0, 11, T0 + 99_000, "no json"), T0 - 5)).isEqualTo(T0 - 5);
        assertThat(extractor.extract(record("labels", 0, 12, T0 + 99_000, "no json"), -1)).isZero();
        DecodedInput bad = extractor.take("predictions", 0, 11);
        assertThat(bad.valid()).isFalse();
        assertThat(bad.recordTs()).as("the DLQ keeps the record's own timestamp").isEqualTo(T0 + 99_000);
    }

    @Test
    void theCurrentRecordIsKeptWhileTheNextIsExtracted() {
        for (long offset = 0; offset < 3; offset++) {
            extractor.extract(record("labels", 2, offset, T0, "{\"id\":\"i%d\",\"model\":\"m\",\"ts\":%d,\"actual\":\"x\"}".formatted(offset, T0 + offset)), 0);
        }
        extractor.extract(record("labels", 1, 0, T0, "{\"id\":\"other\",\"ts\":%d,\"actual\":\"x\"}".formatted(T0)), 0);
        assertThat(extractor.take("labels", 2, 1).id()).isEqualTo("i1");
        assertThat(extractor.take("labels", 2, 2).eventTs()).isEqualTo(T0 + 2);
        assertThat(extractor.take("labels", 1, 0).id()).isEqualTo("other");
        assertThatThrownBy(() -> extractor.take("labels", 2, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("labels-2@1");
        assertThatThrownBy(() -> extractor.take("predictions", 0, 0)).isInstanceOf(IllegalStateException.class);
    }

    private static ConsumerRecord<Object, Object> record(String topic, int partition, long offset, long timestamp, String value) {
        return new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME, -1, -1, null,
                value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
    }
}
