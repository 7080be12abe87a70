package io.confmon.broker;

import java.nio.file.Path;

/** A data directory the broker must not write to: not a folder, or a folder of something else. */
public final class UnusableDataDirException extends RuntimeException {
    public UnusableDataDirException(Path dir, String why) {
        super("cannot keep broker data in " + dir + ": " + why);
    }
}
