package io.confmon.topology;

import io.confmon.event.ModelSettings;
import java.time.Duration;

/** What the topology needs of the configuration. */
public record TopologySettings(
        String predictionsTopic,
        String labelsTopic,
        String dlqTopic,
        long bucketMs,
        long retentionMs,
        long horizonMs,
        Duration flushInterval,
        ModelSettings models) {

    public static TopologySettings defaults() {
        return new TopologySettings("predictions", "labels", "confmon-dlq", 60_000L, 8 * 86_400_000L, 7 * 86_400_000L,
                Duration.ofMillis(200), ModelSettings.OPEN);
    }
}
