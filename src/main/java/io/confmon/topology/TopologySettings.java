package io.confmon.topology;

import io.confmon.event.ModelSettings;
import java.time.Duration;

/** What the topology needs of the configuration. */
public record TopologySettings(
        String predictionsTopic,
        String labelsTopic,
        String dlqTopic,
        String snapshotsTopic,
        long bucketMs,
        long retentionMs,
        long horizonMs,
        Duration flushInterval,
        Duration snapshotInterval,
        ModelSettings models) {

    public static TopologySettings defaults() {
        return new TopologySettings("predictions", "labels", "confmon-dlq", "confmon-snapshots", 60_000L, 8 * 86_400_000L,
                7 * 86_400_000L, Duration.ofMillis(200), Duration.ofMinutes(1), ModelSettings.OPEN);
    }
}
