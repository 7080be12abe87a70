package io.confmon.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the broker keeps its logs and metadata: a folder the user chose, or a temporary one. */
final class DataDir {
    private static final Logger log = LoggerFactory.getLogger(DataDir.class);
    /** Written by formatting; its presence means the folder already holds a broker's data. */
    private static final String META_PROPERTIES = "meta.properties";

    private final Path path;
    private final boolean temporary;

    private DataDir(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** The chosen folder (created if missing), or a new temporary one when {@code chosen} is null. */
    static DataDir open(Path chosen) {
        try {
            if (chosen == null) {
                return new DataDir(Files.createTempDirectory("confmon-broker-"), true);
            }
            Path dir = chosen.toAbsolutePath();
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UnusableDataDirException(dir, "it is a file, not a folder");
            }
            Files.createDirectories(dir);
            if (!isFormatted(dir) && !isEmpty(dir)) {
                // Kafka would take every subfolder for a partition and refuse to start, or worse.
                throw new UnusableDataDirException(dir, "it holds other files and no Kafka data; give an empty or a new folder");
            }
            return new DataDir(dir, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's data folder " + chosen, e);
        }
    }

    Path path() {
        return path;
    }

    boolean isFormatted() {
        return isFormatted(path);
    }

    /** Deletes a temporary folder; a chosen one is kept, that is why it was chosen. */
    void release() {
        if (!temporary) return;
        try {
            Utils.delete(path.toFile());
        } catch (IOException e) {
            log.warn("Could not delete the broker's temporary data in {}", path, e);
        }
    }

    @Override
    public String toString() {
        return temporary ? path + " (temporary)" : path.toString();
    }

    private static boolean isFormatted(Path dir) {
        return Files.isRegularFile(dir.resolve(META_PROPERTIES));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
