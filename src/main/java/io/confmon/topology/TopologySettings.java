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
        ModelSettings models,
        UpgradeFrom upgradeFrom,
        DirectJoin directJoin) {

    /** Without the direct join: every event goes through by-id. */
    public TopologySettings(String predictionsTopic, String labelsTopic, String dlqTopic, String snapshotsTopic, long bucketMs,
            long retentionMs, long horizonMs, Duration flushInterval, Duration snapshotInterval, ModelSettings models,
            UpgradeFrom upgradeFrom) {
        this(predictionsTopic, labelsTopic, dlqTopic, snapshotsTopic, bucketMs, retentionMs, horizonMs, flushInterval,
                snapshotInterval, models, upgradeFrom, DirectJoin.OFF);
    }

    /** Writes the current layouts. */
    public TopologySettings(String predictionsTopic, String labelsTopic, String dlqTopic, String snapshotsTopic, long bucketMs,
            long retentionMs, long horizonMs, Duration flushInterval, Duration snapshotInterval, ModelSettings models) {
        this(predictionsTopic, labelsTopic, dlqTopic, snapshotsTopic, bucketMs, retentionMs, horizonMs, flushInterval,
                snapshotInterval, models, UpgradeFrom.NONE);
    }

    public TopologySettings withUpgradeFrom(UpgradeFrom u) {
        return new TopologySettings(predictionsTopic, labelsTopic, dlqTopic, snapshotsTopic, bucketMs, retentionMs, horizonMs,
                flushInterval, snapshotInterval, models, u, directJoin);
    }

    public TopologySettings withDirectJoin(DirectJoin d) {
        return new TopologySettings(predictionsTopic, labelsTopic, dlqTopic, snapshotsTopic, bucketMs, retentionMs, horizonMs,
                flushInterval, snapshotInterval, models, upgradeFrom, d);
    }

    public static TopologySettings defaults() {
        return new TopologySettings("predictions", "labels", "confmon-dlq", "confmon-snapshots", 60_000L, 8 * 86_400_000L,
                7 * 86_400_000L, Duration.ofMillis(200), Duration.ofMinutes(1), ModelSettings.OPEN);
    }
}
