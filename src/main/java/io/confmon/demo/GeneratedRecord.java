package io.confmon.demo;

import org.apache.kafka.clients.producer.ProducerRecord;

/** One record from the {@link EventGenerator}: its bytes to send and the event they say. */
public record GeneratedRecord(Kind kind, byte[] key, byte[] value, long timestamp, DemoEvent event) {
    public enum Kind { PREDICTION, LABEL }

    public ProducerRecord<byte[], byte[]> toProducerRecord(String predictionsTopic, String labelsTopic) {
        return new ProducerRecord<>(topic(predictionsTopic, labelsTopic), null, timestamp, key, value);
    }

    private String topic(String predictionsTopic, String labelsTopic) {
        return kind == Kind.PREDICTION ? predictionsTopic : labelsTopic;
    }
}
