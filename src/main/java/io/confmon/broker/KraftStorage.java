package io.confmon.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a data folder the way {@code kafka-storage.sh format} does (Kafka's own
 * {@code StorageTool} drives the same {@link Formatter}): a new cluster id, the node id, and the
 * bootstrap metadata of the latest production metadata version.
 */
final class KraftStorage {
    private static final Logger log = LoggerFactory.getLogger(KraftStorage.class);

    private KraftStorage() {}

    /** Formats {@code dir} unless it already holds a broker's data, which is then kept. */
    static void formatIfNew(DataDir dir) {
        if (dir.isFormatted()) {
            log.debug("Reusing the broker data in {}", dir);
            return;
        }
        // The formatter reports on a PrintStream, standard output by default: that belongs in the
        // debug log, not in the output of `confmon broker`.
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        String path = dir.path().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(report, true, StandardCharsets.UTF_8))
                    .setNodeId(BrokerSettings.NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                    .addDirectory(path)
                    .setMetadataLogDirectory(path)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the broker's storage in " + dir, e);
        }
        log.debug("Formatted {}: {}", dir, report.toString(StandardCharsets.UTF_8).strip());
    }
}
