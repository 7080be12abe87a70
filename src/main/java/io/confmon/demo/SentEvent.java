package io.confmon.demo;

import java.nio.charset.StandardCharsets;

/**
 * One record the simulator handed to Kafka (and Kafka acknowledged), with what it means.
 *
 * @param key       the record key, or null (the contract lets the id fall back to it)
 * @param timestamp the record timestamp (epoch ms): an event without {@code ts} takes it
 */
public record SentEvent(String topic, byte[] key, byte[] value, long timestamp, DemoEvent event) {

    /** Encodes {@code event} as the simulator does and keys it by its id when {@code keyed}. */
    public static SentEvent of(String topic, DemoEvent event, boolean keyed, long timestamp) {
        byte[] key = keyed ? keyOf(event) : null;
        return new SentEvent(topic, key, EventJson.encode(event), timestamp, event);
    }

    private static byte[] keyOf(DemoEvent event) {
        String id = event instanceof PredictionEvent p ? p.id() : event instanceof LabelEvent l ? l.id() : null;
        return id == null ? null : id.getBytes(StandardCharsets.UTF_8);
    }
}
